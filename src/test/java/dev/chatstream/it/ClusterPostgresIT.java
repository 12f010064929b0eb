package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static dev.chatstream.it.Eventually.eventually;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster mode: three instances A, B and C behind one Redis (a redis-server of this test's own, so that it
 * can be restarted) and one PostgreSQL schema. A reply is generated where it was asked for and can be read,
 * resumed and stopped on any instance; a user's limits count on all of them; the loss of an instance or a
 * Redis restart leaves no reply hanging. The instances are started once; the tests that break something
 * (Redis restart, kill -9 of A) come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPostgresIT {

    private static final String DB_USER = System.getProperty("it.db.user");
    private static final String DB_PASSWORD = System.getProperty("it.db.password");
    private static final String RUN = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String KEY_PREFIX = RUN + ":";

    private static String schema;
    private static String dbUrl;
    private static RedisServer redis;
    private static ServerProcess serverA;
    private static ServerProcess serverB;
    private static ServerProcess serverC;
    private static Api a;
    private static Api b;
    private static Api c;

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", RUN)).toAbsolutePath();
        String suiteUrl = System.getProperty("it.db.url");
        schema = "chatstream_it_" + RUN;
        dbUrl = (suiteUrl.contains("?") ? suiteUrl.substring(0, suiteUrl.indexOf('?')) : suiteUrl)
                + "?currentSchema=" + schema + "&ApplicationName=" + schema;
        // made here once, as an operator would before starting several instances on a new database at once;
        // the dev signing key that makes a token of A's good on B and C is made by whichever instance comes first
        Db.executeAs(dbUrl, DB_USER, DB_PASSWORD, "CREATE SCHEMA " + schema);
        Path data = dir.resolve("data");
        redis = RedisServer.start(ServerProcess.freePort(), dir.resolve("redis.log"));

        List<String> options = List.of(
                "-Dchatstream.redis.url=redis://127.0.0.1:" + redis.port(),
                "-Dchatstream.redis.key-prefix=" + KEY_PREFIX,
                "-Dchatstream.stream.ticket-secret=cluster-test-ticket-secret-" + UUID.randomUUID(),
                "-Dchatstream.cluster.instance-lease=PT2S",
                "-Dchatstream.stream.checkpoint=PT0.5S",
                "-Dchatstream.limits.concurrent-per-user=3",
                "-Dchatstream.data-dir=" + data,
                "-Dchatstream.db.url=" + dbUrl,
                "-Dchatstream.db.schema=" + schema,
                "-Dchatstream.db.user=" + DB_USER);
        serverA = ServerProcess.launch("A", ServerProcess.freePort(), dir.resolve("a-server.log"), options);
        serverB = ServerProcess.launch("B", ServerProcess.freePort(), dir.resolve("b-server.log"), options);
        serverC = ServerProcess.launch("C", ServerProcess.freePort(), dir.resolve("c-server.log"), options);
        a = serverA.awaitReady().api();
        b = serverB.awaitReady().api();
        c = serverC.awaitReady().api();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (ServerProcess server : new ServerProcess[] {serverA, serverB, serverC}) {
            if (server != null) {
                server.kill();
            }
        }
        if (redis != null) {
            redis.stop();
        }
        if (schema != null) {
            Db.executeAs(dbUrl, DB_USER, DB_PASSWORD, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A reply started on A and resumed on B from {@code Last-Event-ID}: exactly the missing events, the same end. */
    @Test
    @Order(1)
    void aReplyStartedOnOneInstanceResumesOnAnotherWithoutGapsOrDuplicates() throws Exception {
        String marker = marker();
        List<String> text = chunks(60);
        Upstream.get().script(marker, slowly(text, 50));
        String token = a.token("cluster-resume-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 5);
        long seen = 5; // A has read at least start and five content events

        StreamResult rest = b.stream(b.attachRequest(token, started.replyId(), seen));
        StreamResult onA = started.result().get(30, SECONDS);

        assertEquals(200, rest.status(), rest.errorBody());
        assertEquals(LongStream.rangeClosed(seen + 1, seen + rest.events().size()).boxed().toList(), ids(rest),
                "gapless from " + (seen + 1) + ", no duplicates");
        assertEquals("done", rest.last().type(), rest.types().toString());
        assertEquals(onA.last().data(), rest.last().data(), "the same done");
        assertEquals(after(onA, seen), rest.events().stream().map(SseEvent::data).toList());
        assertEquals(String.join("", text), onA.content());
        assertEquals(String.join("", text), contentUpTo(onA, seen) + rest.content());
    }

    /** A reader attached on C while A generates gets the same events as A's, live rather than at the end. */
    @Test
    @Order(2)
    void readersOnTwoInstancesGetTheSameEventsLive() throws Exception {
        String marker = marker();
        Upstream.get().script(marker, slowly(chunks(30), 100));
        String token = a.token("cluster-tabs-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 3);

        StreamResult onC = c.stream(c.attachRequest(token, started.replyId(), null));
        StreamResult onA = started.result().get(30, SECONDS);

        assertEquals(200, onC.status(), onC.errorBody());
        assertEquals(ids(onA), ids(onC));
        assertEquals(onA.events().stream().map(SseEvent::data).toList(), onC.events().stream().map(SseEvent::data).toList());
        assertEquals("done", onC.last().type());
        SseEvent fifthLast = onC.events().get(onC.events().size() - 5);
        assertTrue(fifthLast.receivedAt().isBefore(onA.last().receivedAt()),
                "C got content while A was still generating, not in one burst at the end");
    }

    /** A cancel on C stops the model call on A at once; readers on A and B end with cancelled; the partial text is saved. */
    @Test
    @Order(3)
    void aCancelOnAnyInstanceStopsTheReplyWhereItIsGenerated() throws Exception {
        String marker = marker();
        List<String> text = chunks(60);
        Upstream.get().script(marker, slowly(text, 100));
        String token = a.token("cluster-cancel-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 3);
        CountDownLatch attached = new CountDownLatch(1);
        CompletableFuture<StreamResult> readerOnB = b.streamAsync(b.attachRequest(token, started.replyId(), null), event -> {
            attached.countDown();
            return true;
        });
        assertTrue(attached.await(20, SECONDS), "a reader is attached on B");

        JsonNode cancelled = expect(200, c.post("api/v1/chat/streams/" + started.replyId() + "/cancel", token, ""));
        Instant upstreamClosed = Upstream.get().connectionClosed(marker).completeOnTimeout(null, 5, SECONDS).get();
        StreamResult onA = started.result().get(20, SECONDS);
        StreamResult onB = readerOnB.get(20, SECONDS);

        assertEquals("cancelled", cancelled.path("status").asText());
        assertNotNull(upstreamClosed, "A aborted its model call within 5 s of the cancel on C");
        assertEquals("done", onA.last().type(), onA.types().toString());
        assertEquals("cancelled", onA.last().text("finish_reason"));
        assertEquals("done", onB.last().type(), onB.types().toString());
        assertEquals("cancelled", onB.last().text("finish_reason"));
        assertEquals(onA.content(), onB.content());
        eventually(Duration.ofSeconds(10), () -> "CANCELLED".equals(message(started.replyId()).get("status")),
                () -> message(started.replyId()).toString());
        String saved = (String) message(started.replyId()).get("content");
        assertEquals(onA.content(), saved, "the partial text, as the readers saw it");
        assertFalse(saved.isEmpty());
        assertTrue(saved.length() < String.join("", text).length(), "stopped before the end");
        expect(404, b.post("api/v1/chat/streams/" + started.replyId() + "/cancel", b.token("intruder-" + marker), ""));
    }

    /** The same send reaching A and B at the same moment (a double click behind a load balancer) is one reply. */
    @Test
    @Order(4)
    void theSameSendOnTwoInstancesAtOnceStartsOneReply() throws Exception {
        String marker = marker();
        List<String> text = chunks(10);
        Upstream.get().script(marker, slowly(text, 100));
        String token = a.token("cluster-twice-" + marker);
        String clientRequestId = "send-" + marker;
        Map<String, Object> body = Map.of("message", marker, "client_request_id", clientRequestId);

        CountDownLatch go = new CountDownLatch(1);
        StreamResult onA;
        StreamResult onB;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<StreamResult> sentToA = CompletableFuture.supplyAsync(() -> sendAt(go, a, token, body), senders);
            CompletableFuture<StreamResult> sentToB = CompletableFuture.supplyAsync(() -> sendAt(go, b, token, body), senders);
            go.countDown();
            onA = sentToA.get(30, SECONDS);
            onB = sentToB.get(30, SECONDS);
        }

        assertEquals(200, onA.status(), onA.errorBody());
        assertEquals(200, onB.status(), onB.errorBody());
        String replyId = onA.start().path("reply_id").asText();
        assertEquals(replyId, onB.start().path("reply_id").asText());
        assertEquals("done", onA.last().type(), onA.types().toString());
        assertEquals("done", onB.last().type(), onB.types().toString());
        assertEquals(replyId, onB.last().text("reply_id"));
        assertEquals(onA.last().data(), onB.last().data());
        assertEquals(String.join("", text), onA.content());
        assertEquals(String.join("", text), onB.content());
        assertEquals(1, Upstream.get().requestsContaining(marker).stream().filter(r -> r.stream()).count(), "billed once");
        assertEquals(1, query("SELECT id FROM chat_message WHERE client_request_id = ? AND role = 'USER'", clientRequestId).size(),
                "stored once");
        assertEquals(1, query("SELECT id FROM chat_message WHERE session_id = ? AND role = 'ASSISTANT'",
                UUID.fromString(onA.start().path("session_id").asText())).size(), "answered once");
    }

    /** Three replies of one user running on A, B and C use up the user's limit everywhere; a cancel frees a place. */
    @Test
    @Order(5)
    void aUsersConcurrentRepliesAreCountedOnAllInstances() throws Exception {
        String marker = marker();
        String token = a.token("cluster-busy-" + marker);
        List<Api> instances = List.of(a, b, c);
        List<String> replies = new ArrayList<>();
        List<CompletableFuture<StreamResult>> readers = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Api instance = instances.get(i);
            String slow = marker + "-" + i;
            Upstream.get().script(slow, slowly(chunks(300), 100));
            Api.Started started = instance.startStream(token, instance.inNamedSession(token, slow));
            replies.add(started.replyId());
            readers.add(started.result());
        }

        String refusedMessage = "a fourth at once " + UUID.randomUUID();
        for (int i = 0; i < instances.size(); i++) {
            StreamResult fourth = instances.get(i).stream(token, Map.of("message", refusedMessage));
            assertEquals(429, fourth.status(), "a fourth reply, on " + "ABC".charAt(i));
            assertEquals("too_many_generations", Api.read(fourth.errorBody()).path("error").path("code").asText());
            assertTrue(fourth.headers().firstValue("Retry-After").isPresent());
        }
        assertEquals(0, query("SELECT id FROM chat_message WHERE content = ?", refusedMessage).size(), "nothing refused is stored");

        expect(200, b.post("api/v1/chat/streams/" + replies.get(0) + "/cancel", token, ""));
        assertEquals("cancelled", readers.get(0).get(20, SECONDS).last().text("finish_reason"));
        String admittedMessage = "room again " + UUID.randomUUID();
        AtomicReference<StreamResult> admitted = new AtomicReference<>();
        eventually(Duration.ofSeconds(10), Duration.ofMillis(500), () -> {
            admitted.set(c.stream(token, Map.of("message", admittedMessage)));
            return admitted.get().status() != 429;
        }, () -> admitted.get().errorBody());
        assertEquals(200, admitted.get().status(), admitted.get().errorBody());
        assertEquals("done", admitted.get().last().type());
        assertEquals("You said: " + admittedMessage, admitted.get().content());

        for (int i = 1; i < instances.size(); i++) {
            expect(200, instances.get(i).post("api/v1/chat/streams/" + replies.get(i) + "/cancel", token, ""));
            assertEquals("cancelled", readers.get(i).get(20, SECONDS).last().text("finish_reason"));
        }
    }

    /** Several clusters may share one Redis: every key this one writes starts with its key prefix. */
    @Test
    @Order(6)
    void everyRedisKeyStartsWithTheConfiguredPrefix() throws Exception {
        String marker = marker();
        Upstream.get().script(marker, slowly(chunks(20), 100));
        String token = a.token("cluster-keys-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 3);

        List<String> keys = Redis.keys(redis.port(), "*");
        assertEquals("done", started.result().get(30, SECONDS).last().type());

        assertFalse(keys.isEmpty(), "a cluster with a reply in flight keeps something in Redis");
        assertEquals(List.of(), keys.stream().filter(key -> !key.startsWith(KEY_PREFIX)).toList());
    }

    /**
     * Redis stops and starts again while A streams a reply: the reply streams on and is saved; B reports
     * itself not ready while Redis is away, and the cluster works again once it is back.
     */
    @Test
    @Order(7)
    void aRedisRestartMidReplyLosesNothingAndTheClusterRecovers() throws Exception {
        String marker = marker();
        List<String> text = chunks(100);
        Upstream.get().script(marker, slowly(text, 100));
        String token = a.token("cluster-redis-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 3);

        AtomicReference<HttpResponse<String>> readiness = new AtomicReference<>();
        redis.stop();
        try {
            eventually(Duration.ofSeconds(10), () -> {
                readiness.set(b.get("/health/ready", null));
                return readiness.get().statusCode() == 503;
            }, () -> "B still answers " + readiness.get().statusCode() + " " + readiness.get().body());
        } finally {
            redis.start();
        }
        StreamResult onA = started.result().get(60, SECONDS);

        assertEquals("DOWN", check(Api.read(readiness.get().body()), "redis").path("status").asText());
        assertEquals("done", onA.last().type(), onA.types().toString());
        assertEquals("stop", onA.last().text("finish_reason"));
        assertEquals(String.join("", text), onA.content());
        Map<String, Object> reply = message(started.replyId());
        assertEquals("COMPLETE", reply.get("status"));
        assertEquals(String.join("", text), reply.get("content"));

        eventually(Duration.ofSeconds(15), () -> Stream.of(a, b, c).allMatch(api -> api.get("/health/ready", null).statusCode() == 200),
                () -> "not every instance is ready again");
        String again = marker();
        List<String> againText = chunks(20);
        Upstream.get().script(again, slowly(againText, 50));
        Api.Started onB = streaming(b, token, b.inNamedSession(token, again), 3);
        StreamResult resumedOnC = c.stream(c.attachRequest(token, onB.replyId(), 3L));
        StreamResult whole = onB.result().get(30, SECONDS);
        assertEquals("done", resumedOnC.last().type(), resumedOnC.types().toString());
        assertEquals(whole.last().data(), resumedOnC.last().data());
        assertEquals(String.join("", againText), contentUpTo(whole, 3) + resumedOnC.content());
    }

    /**
     * A is killed (SIGKILL) mid-reply: a survivor marks the reply interrupted, keeping the checkpointed text;
     * a reader on C ends instead of waiting forever; B and C go on serving.
     */
    @Test
    @Order(8)
    void anInstanceKilledMidReplyIsNoticedByTheOthers() throws Exception {
        String marker = marker();
        List<String> text = chunks(150);
        Upstream.get().script(marker, slowly(text, 100));
        String token = a.token("cluster-kill-" + marker);
        Api.Started started = streaming(a, token, a.inNamedSession(token, marker), 5);
        String replyId = started.replyId();
        CountDownLatch attached = new CountDownLatch(1);
        CompletableFuture<StreamResult> readerOnC = c.streamAsync(c.attachRequest(token, replyId, null), event -> {
            attached.countDown();
            return true;
        });
        assertTrue(attached.await(20, SECONDS), "a reader is attached on C");
        eventually(Duration.ofSeconds(20), () -> !((String) message(replyId).get("content")).isEmpty(),
                () -> "no checkpoint wrote text");

        serverA.kill();
        eventually(Duration.ofSeconds(15), () -> "INTERRUPTED".equals(message(replyId).get("status")),
                () -> message(replyId).toString());
        StreamResult onC = readerOnC.get(15, SECONDS);

        String saved = (String) message(replyId).get("content");
        assertFalse(saved.isEmpty());
        assertTrue(String.join("", text).startsWith(saved), "a prefix of the reply: " + saved);
        assertEquals("done", onC.last().type(), onC.types().toString());
        assertEquals("interrupted", onC.last().text("finish_reason"));
        assertTrue(String.join("", text).startsWith(onC.content()));
        assertEquals("interrupted", b.stream(b.attachRequest(token, replyId, null)).last().text("finish_reason"),
                "a reload on B shows the reply as interrupted");

        String next = "after the crash " + UUID.randomUUID();
        StreamResult onB = b.stream(token, Map.of("message", next));
        assertEquals("done", onB.last().type(), onB.types().toString());
        assertEquals("You said: " + next, onB.content());
        StreamResult againOnC = c.stream(c.attachRequest(token, onB.start().path("reply_id").asText(), null));
        assertEquals("done", againOnC.last().type(), againOnC.types().toString());
        assertEquals(onB.content(), againOnC.content());
    }

    private static String marker() {
        return "cl-" + UUID.randomUUID();
    }

    private static List<String> chunks(int count) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add("w" + i + " ");
        }
        return chunks;
    }

    private static Script slowly(List<String> chunks, int millisBetween) {
        return Script.reply(chunks.toArray(String[]::new)).interval(Duration.ofMillis(millisBetween));
    }

    /** Starts a reply on {@code api} and returns once {@code contentEvents} content events of it have arrived. */
    private static Api.Started streaming(Api api, String token, Map<String, Object> body, int contentEvents) throws Exception {
        CountDownLatch someText = new CountDownLatch(contentEvents);
        Api.Started started = api.startStream(token, body, event -> {
            if (event.type().equals("content")) {
                someText.countDown();
            }
        });
        assertTrue(someText.await(20, SECONDS), "the reply is streaming");
        return started;
    }

    /** Sends {@code body} to {@code api} once {@code go} opens, and reads the whole stream. */
    private static StreamResult sendAt(CountDownLatch go, Api api, String token, Map<String, Object> body) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return api.stream(token, body);
    }

    private static List<Long> ids(StreamResult result) {
        return result.events().stream().map(SseEvent::id).toList();
    }

    private static List<JsonNode> after(StreamResult result, long id) {
        return result.events().stream().filter(event -> event.id() > id).map(SseEvent::data).toList();
    }

    private static String contentUpTo(StreamResult result, long id) {
        return result.events().stream().filter(event -> event.id() <= id && event.type().equals("content"))
                .map(event -> event.text("content")).collect(Collectors.joining());
    }

    private static List<Map<String, Object>> query(String sql, Object... parameters) {
        return Db.queryAs(dbUrl, DB_USER, DB_PASSWORD, sql, parameters);
    }

    private static Map<String, Object> message(String id) {
        List<Map<String, Object>> rows = query("SELECT * FROM chat_message WHERE id = ?", UUID.fromString(id));
        if (rows.isEmpty()) {
            throw new AssertionError("message " + id + " is not stored");
        }
        return rows.get(0);
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }
}
