#!/usr/bin/env python3
"""Stop from anywhere: how long a cancel takes when the reply runs on another server of the cluster.

    bench/cancel-latency.py PORT_A PORT_B N

Two chatstream servers of one cluster (bench/README.md, "Stopping a reply from another server"). N times: a
reply of a new user starts on A (POST /chat/stream) and, once two content events have arrived, a reader attaches
on B (GET /chat/streams/{id}); then B is asked to cancel it. Prints p50/p99/max of the cancel call (until its
200), and of the time until the reader on A and the one on B got `done` with finish_reason cancelled. With
PORT_B = PORT_A it measures the same on one server, the baseline. Python 3, no packages.
"""
import http.client, json, threading, time, sys, statistics
A, B = int(sys.argv[1]), int(sys.argv[2]); N = int(sys.argv[3])

def post(port, path, token=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Content-Type": "application/json"}
    if token: h["Authorization"] = "Bearer " + token
    c.request("POST", path, body=json.dumps(body) if body is not None else "", headers=h)
    r = c.getresponse(); d = r.read(); c.close(); return r.status, d

def token(port, user):
    return json.loads(post(port, "/api/v1/auth/dev-token", body={"user": user})[1])["token"]

def reader(port, method, path, token, body, state, key):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
    if body is not None: h["Content-Type"] = "application/json"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse(); contents = 0
    while True:
        line = r.fp.readline()
        if not line: break
        line = line.decode().strip()
        if line.startswith("data:"):
            ev = json.loads(line[5:])
            if ev["type"] == "start": state[key + "_reply"] = ev["reply_id"]
            if ev["type"] == "content":
                contents += 1
                if contents == 2: state[key + "_ready"].set()
            if ev["type"] in ("done", "error"):
                state[key + "_end"] = (time.perf_counter(), ev.get("finish_reason", ev.get("code"))); break
    state[key + "_ready"].set()

res = {"call": [], "a": [], "b": []}
for i in range(N):
    t = token(A, "lat-%d-%f" % (i, time.time()))
    st = {"a_ready": threading.Event(), "b_ready": threading.Event()}
    ta = threading.Thread(target=reader, args=(A, "POST", "/api/v1/chat/stream", t, {"message": "hello %d" % i}, st, "a")); ta.start()
    st["a_ready"].wait(20)
    rid = st["a_reply"]
    tb = threading.Thread(target=reader, args=(B, "GET", "/api/v1/chat/streams/" + rid, t, None, st, "b")); tb.start()
    st["b_ready"].wait(20)
    t0 = time.perf_counter(); s, d = post(B, "/api/v1/chat/streams/%s/cancel" % rid, t); t1 = time.perf_counter()
    ta.join(20); tb.join(20)
    assert s == 200 and json.loads(d)["status"] == "cancelled", (s, d)
    assert st["a_end"][1] == "cancelled" and st["b_end"][1] == "cancelled", st
    res["call"].append((t1 - t0) * 1000); res["a"].append((st["a_end"][0] - t0) * 1000); res["b"].append((st["b_end"][0] - t0) * 1000)
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
for k, v in res.items():
    print("%-5s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms" % (k, len(v), pct(v, 50), pct(v, 99), max(v)))
