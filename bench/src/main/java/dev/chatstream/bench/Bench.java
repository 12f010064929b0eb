package dev.chatstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs the benchmark: starts the benchmark upstream and chatstream (Payara Micro, embedded H2 unless
 * CHATSTREAM_DB_URL says otherwise), then for every workload runs the same load straight to the upstream (the
 * baseline) and through chatstream, three times, and writes {@code report.md} and {@code report.json}. With
 * {@code --peer-jar}, the same load through the Spring AI peer too, against the same baseline. With
 * {@code --cluster} and {@code --servers}, the comparisons of cluster mode and of the servers the WAR runs on.
 * See bench/README.md.
 */
public final class Bench {

    /** (a)'s shape: 10 ms to the first token, 32 chunks 5 ms apart. */
    private static final Workload SEQUENTIAL = Workload.of(10, 32, 5, 16);
    /** (b)'s shape: 64 chunks 20 ms apart. */
    private static final Workload SHORT = Workload.of(0, 64, 20, 16);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final Options options;
    private final Report report;
    private URI upstreamUri;
    private ProcessProbe upstreamProcess;
    /** The benchmark's own JVM: the load generator. */
    private final ProcessProbe self;
    private ProcessProbe server;
    private URI serverUri;
    private LoadGenerator load;
    /** The server's CPU use while idle, µs per second, without the JIT's. */
    private long idleCpu;
    /** With --cluster: Redis, whose CPU is read over every run; its idle use, µs per second. */
    private RedisProbe redis;
    private long redisIdleCpu;
    private boolean directWarmedUp;
    /** While the workloads run with the Spring AI peer: the peer's process, its idle CPU and its report; else null. */
    private ProcessProbe peer;
    private long peerIdleCpu;
    private PeerReport peerReport;

    private Bench(Options options) {
        this.options = options;
        this.report = new Report(options.out());
        this.self = new ProcessProbe(ProcessHandle.current().pid(), options.javaHome());
    }

    public static void main(String[] args) throws Exception {
        new Bench(Options.parse(args)).run();
    }

    private void run() throws IOException {
        Files.createDirectories(options.out());
        upstreamUri = URI.create("http://127.0.0.1:" + freePort());
        // The upstream is serving before the server starts, so its start does not count in the server's.
        try (ServerProcess upstream = startUpstream(upstreamUri)) {
            upstreamProcess = new ProcessProbe(upstream.pid(), options.javaHome());
            if (!options.workloads().isEmpty()) {
                workloads();
            }
            if (options.cluster()) {
                clusterComparison();
            }
            if (!options.servers().isEmpty()) {
                serverComparison();
            }
            if (options.openai()) {
                openAiComparison();
            }
        }
        report.write(options, true);
    }

    private void workloads() throws IOException {
        int serverPort = freePort();
        serverUri = URI.create("http://127.0.0.1:" + serverPort);
        try (ServerProcess chatstream = startChatstream("chatstream", AppServer.PAYARA, serverPort,
                freshDirectory("data"), Map.of(), options.out().resolve("server.log"))) {
            Duration ready = awaitReady(chatstream, serverUri);
            report.ready(ready);
            server = new ProcessProbe(chatstream.pid(), options.javaHome());
            report.idle(server.threads(), server.rssBytes());
            // started once chatstream is ready, so that its start does not count in chatstream's
            URI peerUri = options.peerJar() == null ? null : URI.create("http://127.0.0.1:" + freePort());
            try (ServerProcess springAi = peerUri == null ? null : startPeer(peerUri);
                 LoadGenerator generator = new LoadGenerator(serverUri, upstreamUri, peerUri)) {
                load = generator;
                double peerReady = 0;
                int peerThreads = 0;
                long peerRss = 0;
                if (springAi != null) {
                    peerReady = awaitPeer(springAi, peerUri);
                    peer = new ProcessProbe(springAi.pid(), options.javaHome());
                    peerThreads = peer.threads();
                    peerRss = peer.rssBytes();
                }
                List<String> tokens = tokens(serverUri, options.maxConcurrency());
                warmUp(tokens, peer == null ? List.of(Target.SERVER) : List.of(Target.SERVER, Target.PEER));
                measureIdle();
                report.idleCpu(idleCpu);
                if (peer != null) {
                    peerReport = new PeerReport(server.jvmSettings(), peer.jvmSettings(), peerReady,
                            peerThreads, peerRss, peerIdleCpu, new ArrayList<>());
                    report.peer(peerReport);
                }
                for (char workload : options.workloads().toCharArray()) {
                    switch (workload) {
                        case 'a' -> sequential(tokens);
                        case 'b' -> shortStreams(tokens);
                        case 'c' -> chatUsers(tokens);
                        case 'd' -> slowStreams(tokens);
                        default -> throw new IllegalArgumentException("unknown workload " + workload);
                    }
                    report.serverMetrics(fetch(serverUri.resolve("/metrics")));
                    report.write(options, false); // so far, in case a later workload is interrupted
                }
            } finally {
                peer = null; // the comparisons after the workloads run without it
                peerReport = null;
            }
        }
    }

    /**
     * The Spring AI peer (bench/peers/spring-ai): {@code java -jar} with no JVM options, the upstream as its OpenAI
     * base URL, on the server's cores if those are pinned.
     */
    private ServerProcess startPeer(URI uri) {
        return ServerProcess.start("the Spring AI peer",
                List.of(options.javaHome().resolve("bin/java").toString(), "-jar", options.peerJar().toString(),
                        "--server.port=" + uri.getPort(),
                        "--spring.ai.openai.base-url=http://127.0.0.1:" + upstreamUri.getPort() + "/v1"),
                options.serverCores(), Map.of(), options.out().resolve("spring-ai-peer.log"));
    }

    /** Waits until the peer has relayed a stream of one chunk; the seconds from its start to then. */
    private static double awaitPeer(ServerProcess springAi, URI uri) {
        Duration ready = springAi.awaitServing(uri.resolve("/api/v1/chat/stream"),
                "{\"message\":\"" + Workload.of(0, 1, 1, 16).prompt() + "\"}", Duration.ofSeconds(180));
        System.out.printf("the Spring AI peer at %s relayed its first stream %.1f s after start%n", uri,
                ready.toMillis() / 1000.0);
        return ready.toMillis() / 1000.0;
    }

    /**
     * {@code --cluster}: (b) at 256 streams on a single server, then on a server in cluster mode, each started
     * afresh (its own data directory) and warmed up alike, with Redis's CPU read over the runs of both (beside
     * the single server, that is what other clients of the same Redis cost). Then, in cluster mode, Redis's
     * memory per open stream and per kept reply, and a reply of 1,000 events resumed on a second server. Keys
     * go under a prefix of this run's, deleted at the end. bench/README.md, "Cluster mode".
     */
    private void clusterComparison() throws IOException {
        int streams = Math.min(options.quick() ? 64 : 256, options.maxConcurrency());
        String prefix = "chatstream-bench-" + System.currentTimeMillis() + ":";
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, String> clusterEnvironment = Map.of(
                "CHATSTREAM_REDIS_URL", options.redis().toString(),
                "CHATSTREAM_REDIS_KEY_PREFIX", prefix,
                "CHATSTREAM_STREAM_TICKET_SECRET", HexFormat.of().formatHex(secret));
        try (RedisProbe probe = RedisProbe.connect(options.redis(), options.javaHome())) {
            ClusterReport cluster = new ClusterReport(options.redis().toString(), probe.version(), prefix, streams);
            report.cluster(cluster);
            redis = probe;
            try {
                cluster.single(clusterSide("single", streams, Map.of(), cluster));
                report.write(options, false);
                cluster.cluster(clusterSide("cluster", streams, clusterEnvironment, cluster));
            } finally {
                redis = null;
                cluster.keysDeleted(probe.delete(prefix + "*"));
            }
        }
    }

    /** One side of the comparison: a server started, warmed up, idle measured, (b) run {@code repeats} times. */
    private ClusterReport.ServerSide clusterSide(String mode, int streams, Map<String, String> clusterEnvironment,
                                                 ClusterReport cluster) throws IOException {
        int port = freePort();
        serverUri = URI.create("http://127.0.0.1:" + port);
        Path data = freshDirectory("data-" + mode);
        Path log = options.out().resolve("server-" + mode + ".log");
        String loadBefore = loadAverage();
        System.out.println("cluster comparison: chatstream " + (mode.equals("single") ? "as a single server" : "in cluster mode"));
        try (ServerProcess chatstream = startChatstream("chatstream (" + mode + ")", AppServer.PAYARA, port, data,
                clusterEnvironment, log);
             LoadGenerator generator = new LoadGenerator(serverUri, upstreamUri)) {
            Duration ready = awaitReady(chatstream, serverUri);
            server = new ProcessProbe(chatstream.pid(), options.javaHome());
            load = generator;
            List<String> tokens = tokens(serverUri, streams);
            List<RunResult> runs = warmedUpShortStreams("b-" + mode, streams, tokens);
            String loadAfter = loadAverage();
            if (!clusterEnvironment.isEmpty()) {
                cluster.resume(resume(data, clusterEnvironment, tokens.getFirst()));
                cluster.memory(redisMemory(streams, tokens, clusterEnvironment.get("CHATSTREAM_REDIS_KEY_PREFIX")));
            }
            String metrics = fetch(serverUri.resolve("/metrics"));
            report.serverMetrics(metrics);
            return new ClusterReport.ServerSide(mode, ready.toMillis() / 1000.0, idleCpu, redisIdleCpu, loadBefore,
                    loadAfter, runs, journalMetrics(metrics), logRecords(log, AppServer.PAYARA.warning()),
                    logRecords(log, AppServer.PAYARA.error()));
        }
    }

    /**
     * A second server of the cluster (B: the same data directory, database, Redis and key prefix, started from
     * payara-micro.jar, for as long as this takes) asked for replies the first one writes.
     */
    private ClusterReport.Resume resume(Path data, Map<String, String> clusterEnvironment, String token)
            throws IOException {
        int port = freePort();
        URI second = URI.create("http://127.0.0.1:" + port);
        Path log = options.out().resolve("server-cluster-b.log");
        Workload reply = Workload.of(0, 1000, 2, 16);
        System.out.println("cluster comparison: a second server (B) for the resume");
        Map<String, String> plainStart = new HashMap<>(clusterEnvironment);
        plainStart.put("CHATSTREAM_RUNTIME_DIR", ""); // a prepared runtime serves one server at a time
        try (ServerProcess b = startChatstream("chatstream B", AppServer.PAYARA, port, data, plainStart, log)) {
            Duration ready = awaitReady(b, second);
            List<ResumeProbe.Way> ways;
            try (ResumeProbe probe = new ResumeProbe(serverUri, second, token)) {
                ways = probe.run(reply, options.quick() ? 2 : 5);
            }
            ways.forEach(way -> System.out.printf("resume %-50s first event after %.1f ms (median), %d/%d gapless, %d/%d identical %s%n",
                    way.name(), way.medianMillis(), way.gapless(), way.tries(), way.identical(), way.tries(), way.problems()));
            return new ClusterReport.Resume(ready.toMillis() / 1000.0, reply.prompt(), ways,
                    journalMetrics(fetch(second.resolve("/metrics"))),
                    logRecords(log, AppServer.PAYARA.warning()), logRecords(log, AppServer.PAYARA.error()));
        }
    }

    /**
     * Redis's memory per open stream and per kept reply: once nothing of this run's streams is left in Redis
     * (the journals expire {@code chatstream.stream.retention} after their end), {@code streams} streams of (b)
     * start over half an answer, so that all are open at once before the first ends; {@code used_memory} before,
     * with all open, and once all have ended.
     */
    private ClusterReport.RedisMemory redisMemory(int streams, List<String> tokens, String prefix) {
        System.out.println("cluster comparison: waiting for this run's reply journals in Redis to expire");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (redis.keys(prefix + "*", 100_000).stream()
                .anyMatch(key -> !key.startsWith(prefix + "instance:") && !key.startsWith(prefix + "reaping:"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("this run's keys are still in Redis after 5 minutes");
            }
            pause(Duration.ofSeconds(2));
        }
        long before = redis.usedMemory();
        CompletableFuture<Stats> run = CompletableFuture.supplyAsync(
                () -> load.run(new LoadGenerator.Plan(Target.SERVER, SHORT, streams, 1, 0, 0.5), tokens),
                task -> Thread.ofPlatform().name("redis-memory").start(task));
        int open = awaitOpen(streams, run);
        long atPeak = redis.usedMemory();
        Stats stats = run.join();
        pause(Duration.ofSeconds(1)); // the journal's last writes
        long after = redis.usedMemory();
        List<String> keys = redis.keys(prefix + "reply:*", 5);
        ClusterReport.RedisMemory memory = new ClusterReport.RedisMemory(streams, open, before, atPeak, after,
                stats.completed(), stats.failed(), keys.stream().map(redis::memoryUsage).toList(),
                keys.stream().map(redis::streamLength).toList());
        System.out.printf("Redis memory: %.1f KB per open stream, %.1f KB per kept reply%n", memory.perOpenStreamKb(),
                memory.perKeptReplyKb());
        return memory;
    }

    /**
     * {@code --servers}: on each server in turn, the same WAR started afresh by its start script (its own data and
     * server directories) and then restarted, each start timed to its first stream; the restarted server warmed
     * up like every other and (b) run at 256 streams against the direct baseline. bench/README.md, "Servers side
     * by side".
     */
    private void serverComparison() throws IOException {
        int streams = Math.min(options.quick() ? 64 : 256, options.maxConcurrency());
        ServersReport servers = new ServersReport(streams);
        report.servers(servers);
        for (AppServer kind : options.servers()) {
            servers.add(serverSide(kind, streams));
            report.write(options, false);
        }
    }

    private ServersReport.ServerResult serverSide(AppServer kind, int streams) throws IOException {
        int port = freePort();
        serverUri = URI.create("http://127.0.0.1:" + port);
        Path data = freshDirectory("data-" + kind.id());
        deleteRecursively(kind.serverDir(options));
        Path log = options.out().resolve("server-" + kind.id() + ".log");
        String loadBefore = loadAverage();
        System.out.println("server comparison: chatstream on " + kind.title());
        try (LoadGenerator generator = new LoadGenerator(serverUri, upstreamUri)) {
            load = generator;
            ServersReport.Start first;
            try (ServerProcess chatstream = startChatstream(kind.title(), kind, port, data, Map.of(),
                    options.out().resolve("server-" + kind.id() + "-first-start.log"))) {
                first = firstStream(chatstream);
            }
            try (ServerProcess chatstream = startChatstream(kind.title(), kind, port, data, Map.of(), log)) {
                ServersReport.Start restart = firstStream(chatstream);
                server = new ProcessProbe(chatstream.pid(), options.javaHome());
                String jvm = server.jvmSettings();
                List<RunResult> runs = warmedUpShortStreams("b-" + kind.id(), streams, tokens(serverUri, streams));
                report.serverMetrics(fetch(serverUri.resolve("/metrics")));
                return new ServersReport.ServerResult(kind, kind.startedFrom(options), jvm, first, restart, idleCpu,
                        loadBefore, loadAverage(), runs, logRecords(log, kind.warning()), logRecords(log, kind.error()));
            }
        }
    }

    /**
     * Times a start: once the server hands out tokens, a stream of one chunk (which the upstream sends at once)
     * is asked for until one is relayed to its end; the time from the JVM's start to then, and before it the
     * start script's own time.
     */
    private ServersReport.Start firstStream(ServerProcess chatstream) {
        awaitReady(chatstream, serverUri);
        List<String> token = tokens(serverUri, 1);
        LoadGenerator.Plan oneChunk = new LoadGenerator.Plan(Target.SERVER, Workload.of(0, 1, 1, 16), 1, 1, 0, 1.0);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (load.run(oneChunk, token).completed() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server relayed no stream within 180 s of serving");
            }
            pause(Duration.ofMillis(25));
        }
        long relayed = System.currentTimeMillis();
        long jvmStart = new ProcessProbe(chatstream.pid(), options.javaHome()).jvmStartMillis();
        ServersReport.Start start = new ServersReport.Start((jvmStart - chatstream.startedMillis()) / 1000.0,
                (relayed - jvmStart) / 1000.0);
        System.out.printf("first stream relayed %.1f s after the JVM's start (the start script ran %.2f s before it)%n",
                start.readySeconds(), start.scriptSeconds());
        return start;
    }

    private ServerProcess startChatstream(String name, AppServer kind, int port, Path data, Map<String, String> extra,
                                          Path log) throws IOException {
        Map<String, String> environment = serverEnvironment(port, data);
        environment.putAll(kind.environment(options));
        environment.putAll(extra);
        return ServerProcess.start(name, kind.command(options), options.serverCores(), environment, log);
    }

    private static Duration awaitReady(ServerProcess chatstream, URI uri) {
        Duration ready = chatstream.awaitServing(uri.resolve("/api/v1/auth/dev-token"),
                "{\"user\":\"bench-ready\"}", Duration.ofSeconds(180));
        System.out.printf("chatstream at %s served its first request %.1f s after start%n", uri, ready.toMillis() / 1000.0);
        return ready;
    }

    private ServerProcess startUpstream(URI upstreamUri) {
        ServerProcess upstream = ServerProcess.start("bench upstream",
                List.of(options.javaHome().resolve("bin/java").toString(), "-cp", System.getProperty("java.class.path"),
                        BenchUpstream.class.getName(), Integer.toString(upstreamUri.getPort())),
                options.clientCores(), Map.of(), options.out().resolve("upstream.log"));
        try {
            upstream.awaitServing(upstreamUri.resolve("/v1/chat/completions"),
                    "{\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"ready?\"}]}", Duration.ofSeconds(30));
            return upstream;
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    private Map<String, String> serverEnvironment(int serverPort, Path data) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "JAVA_HOME", options.javaHome().toString(),
                "OPENAI_BASE_URL", "http://127.0.0.1:" + upstreamUri.getPort() + "/v1",
                "OPENAI_API_KEY", "bench",
                "CHATSTREAM_HTTP_PORT", Integer.toString(serverPort),
                "CHATSTREAM_DATA_DIR", data.toString(),
                "CHATSTREAM_CONFIG_FILE", options.repo().resolve("bench/chatstream-bench.properties").toString()));
        return environment;
    }

    /**
     * The server's CPU use while nothing is asked of it (its timers, heartbeats), per second. The JIT's threads
     * are left out: right after the warm-up they may still be compiling hard, and subtracting that from every
     * run would make the runs look cheaper than they are (the JIT's share of a run is reported on its own).
     */
    private void measureIdle() {
        long before = server.cpuMicros() - server.jitCpuMicros();
        long peerBefore = peer == null ? 0 : peer.cpuMicros() - peer.jitCpuMicros();
        long redisBefore = redis == null ? 0 : redis.cpuMicros();
        long start = System.nanoTime();
        pause(Duration.ofSeconds(10));
        long after = server.cpuMicros() - server.jitCpuMicros();
        long nanos = System.nanoTime() - start;
        idleCpu = (after - before) * 1_000_000_000L / nanos;
        peerIdleCpu = peer == null ? 0 : (peer.cpuMicros() - peer.jitCpuMicros() - peerBefore) * 1_000_000_000L / nanos;
        redisIdleCpu = redis == null ? 0 : (redis.cpuMicros() - redisBefore) * 1_000_000_000L / nanos;
    }

    /**
     * Until the JIT compilers have settled, they take more CPU than the streams; nothing is measured while
     * they do. Code that runs once per request reaches the optimising compiler only after some ten thousand
     * requests, so the warm-up is many short streams, then a few of (b)'s shape for the per-event path, then
     * (a)'s requests one at a time: while the 64 concurrent streams keep the optimising compiler's queue long,
     * the JVM raises the bar for what it queues, and much per-request code was compiled only once (a) ran
     * (docs/performance.md). Both targets get the same warm-up; what the JIT still spends afterwards is
     * reported per run.
     */
    private void warmUp(List<String> tokens, List<Target> through) {
        int concurrency = Math.min(64, options.maxConcurrency());
        int requests = options.quick() ? 200 : 16_000;
        Workload shortStreams = Workload.of(0, 4, 2, 16);
        Workload longerStreams = Workload.of(0, 64, 5, 16);
        int oneAtATime = options.quick() ? 20 : 1_000;
        // the upstream and the load generator need it once; every server started needs it
        List<Target> targets = new ArrayList<>(through);
        if (!directWarmedUp) {
            targets.addFirst(Target.DIRECT);
        }
        for (Target target : targets) {
            int rounds = Math.max(1, requests / concurrency);
            load.run(new LoadGenerator.Plan(target, shortStreams, concurrency, rounds, rounds, 1.0), tokens);
            load.run(new LoadGenerator.Plan(target, longerStreams, concurrency, 10, 10, 1.0), tokens);
            load.run(new LoadGenerator.Plan(target, SEQUENTIAL, 1, oneAtATime, oneAtATime, 1.0), tokens);
        }
        directWarmedUp = true;
        System.out.println("warmed up");
    }

    /** The warm-up, the idle CPU, then (b) at {@code streams} streams {@code repeats} times, each reported. */
    private List<RunResult> warmedUpShortStreams(String name, int streams, List<String> tokens) {
        warmUp(tokens, List.of(Target.SERVER));
        measureIdle();
        List<RunResult> runs = new ArrayList<>();
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            runs.add(once(name, SHORT, streams, 5, 1, tokens, repeat));
        }
        runs.forEach(report::add);
        return runs;
    }

    /** (a) one stream at a time: what chatstream adds to a single user's request. */
    private void sequential(List<String> tokens) {
        repeat("a", SEQUENTIAL, 1, options.quick() ? 20 : 200, options.quick() ? 5 : 20, tokens);
    }

    /** (b) the common streaming shape at 1, 64 and 256 streams, then more until something fails. */
    private void shortStreams(List<String> tokens) {
        Workload shape = SHORT;
        for (int concurrency : options.quick() ? new int[]{1, 64} : new int[]{1, 64, 256}) {
            if (concurrency <= options.maxConcurrency()) {
                repeat("b", shape, concurrency, 5, 1, tokens);
            }
        }
        if (options.quick()) {
            return;
        }
        for (int concurrency = 512; concurrency <= options.maxConcurrency(); concurrency *= 2) {
            RunResult result = once("b-ceiling", shape, concurrency, 3, 1, tokens, 1);
            report.add(result);
            if (!result.clean() || result.addedGapP99() > shape.interval().toMillis()) {
                break;
            }
        }
    }

    /** (c) many chat users: 300 ms to the first token, then 128 chunks 100 ms apart. */
    private void chatUsers(List<String> tokens) {
        Workload shape = Workload.of(300, 128, 100, 16);
        repeat("c", shape, Math.min(options.quick() ? 128 : 1024, options.maxConcurrency()), 3, 1, tokens);
    }

    /**
     * (d) 10,000 slow streams open at once: memory and threads per open stream. The server's open-files limit
     * caps how many can be open: the run sizes itself by the rule docs/operations.md gives operators ("Open
     * files": three sockets per stream, plus a thousand), and the report says so.
     */
    private void slowStreams(List<String> tokens) {
        int wanted = Math.min(options.quick() ? 500 : 10_000, options.maxConcurrency());
        // two sockets per stream (the client's, one to this HTTP/1.1 upstream) and, for a new conversation, a
        // third while its title is generated, which an overloaded server answers late; a thousand files for
        // the rest (the database, classes still to be read from the WAR). With two per stream and a tenth of
        // the limit free, runs at 8,711 streams on a slower VM ran out of files (errno 24 in the log)
        int fileBound = (server.maxOpenFiles() - server.openFiles() - 1000) / 3;
        int streams = Math.min(wanted, fileBound);
        if (streams < wanted) {
            System.out.printf("(d) runs %d streams, not %d: the server may open %d files and needs 3 per stream%n",
                    streams, wanted, server.maxOpenFiles());
        }
        Workload shape = Workload.of(1000, 60, 1000, 16);
        awaitNothingKept();
        long heapBefore = server.liveHeapBytes();
        int threadsBefore = server.threads();
        long rssBefore = server.rssBytes();
        // its own thread, not the common pool: a pool worker blocked in this run starves what the JDK's HTTP
        // client and CompletableFuture's timeouts run there (every stream's end went unnoticed that way)
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                () -> measure("d", shape, streams, 1, 0, tokens, 1, Target.SERVER, 0.5),
                task -> Thread.ofPlatform().name("slow-streams").start(task));
        int open = awaitOpen(streams, run);
        long heapAtPeak = server.liveHeapBytes();
        int threadsAtPeak = server.threads();
        long rssAtPeak = server.rssBytes();
        // through chatstream only: the added-latency table has no baseline for it
        report.slowStreams(wanted, streams, server.maxOpenFiles(), open, heapBefore, heapAtPeak, threadsBefore,
                threadsAtPeak, rssBefore, rssAtPeak, run.join().server());
    }

    /**
     * Waits until the server has let go of the generations that ended before (kept for resuming readers, two
     * minutes by default): otherwise their memory, freed while (d)'s streams open, would be netted against them.
     */
    private void awaitNothingKept() {
        // with labels or without: Micrometer's Prometheus output (since the server's own metrics) has none here
        Pattern kept = Pattern.compile("^chatstream_generations_kept(?:\\{[^}]*})? ([0-9.]+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        System.out.println("(d) waits for the server to let go of the generations that ended before it");
        while (System.nanoTime() < deadline) {
            Matcher value = kept.matcher(fetch(serverUri.resolve("/metrics")));
            if (!value.find()) {
                throw new IllegalStateException("the server reports no chatstream_generations_kept");
            }
            if (Double.parseDouble(value.group(1)) == 0) {
                return;
            }
            pause(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("the server still keeps ended generations after 5 minutes");
    }

    /** Waits until every stream is open, or until the number open has not grown for five seconds. */
    private int awaitOpen(int streams, CompletableFuture<?> run) {
        int best = 0;
        long grewAt = System.nanoTime();
        while (!run.isDone() && System.nanoTime() - grewAt < Duration.ofSeconds(5).toNanos()) {
            int open = load.openStreams();
            if (open > best) {
                best = open;
                grewAt = System.nanoTime();
            }
            if (best >= streams) {
                break;
            }
            pause(Duration.ofMillis(100));
        }
        return best;
    }

    private void repeat(String name, Workload shape, int concurrency, int rounds, int warmup, List<String> tokens) {
        List<RunResult> results = new ArrayList<>();
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            results.add(once(name, shape, concurrency, rounds, warmup, tokens, repeat));
        }
        results.forEach(report::add);
    }

    /**
     * A direct run, then the same through chatstream, and with the Spring AI peer through it too, against the same
     * direct run (the peer's result goes to its report); chatstream's result is returned.
     */
    private RunResult once(String name, Workload shape, int concurrency, int rounds, int warmup, List<String> tokens,
                           int repeat) {
        RunResult direct = measure(name, shape, concurrency, rounds, warmup, tokens, repeat, Target.DIRECT, 1.0);
        if (peer == null) {
            return against(direct, measure(name, shape, concurrency, rounds, warmup, tokens, repeat, Target.SERVER, 1.0));
        }
        RunResult through = null;
        // the two take turns going first, so that drift over a run falls on both
        for (Target target : repeat % 2 == 1 ? List.of(Target.SERVER, Target.PEER) : List.of(Target.PEER, Target.SERVER)) {
            RunResult run = measure(name, shape, concurrency, rounds, warmup, tokens, repeat, target, 1.0);
            if (target == Target.SERVER) {
                through = against(direct, run);
            } else {
                peerReport.add(against(direct, run, "Spring AI "));
            }
        }
        return through;
    }

    /** A run through the server with the added figures against a direct run's; printed. */
    private static RunResult against(RunResult direct, RunResult through) {
        return against(direct, through, "");
    }

    private static RunResult against(RunResult direct, RunResult through, String label) {
        RunResult result = new RunResult(through.workload(), through.concurrency(), through.repeat(), direct.direct(),
                through.server(), through.cpuMicrosPerEvent(), through.jitMicrosPerEvent(), through.maxThreads(),
                through.maxRssBytes(), through.maxOpenStreams(), through.otherCores(), through.redis());
        System.out.println(label + Report.line(result));
        return result;
    }

    /**
     * {@code --openai}: on one server, started afresh and warmed up through both of its APIs alike, (b) at 256
     * streams straight to the upstream (the baseline), through {@code /api/v1/chat/stream} and through the
     * OpenAI-compatible API, {@code repeats} times; both paths against the same direct run of their repeat, in
     * an order that alternates between repeats, so that drift over the run falls on both. bench/README.md,
     * "The OpenAI-compatible API".
     */
    private void openAiComparison() throws IOException {
        int streams = Math.min(options.quick() ? 64 : 256, options.maxConcurrency());
        int port = freePort();
        serverUri = URI.create("http://127.0.0.1:" + port);
        Path log = options.out().resolve("server-openai.log");
        String loadBefore = loadAverage();
        System.out.println("OpenAI-compatible API: (b) through /api/v1/chat/stream and through /openai/v1/chat/completions");
        try (ServerProcess chatstream = startChatstream("chatstream", AppServer.PAYARA, port,
                freshDirectory("data-openai"), Map.of(), log);
             LoadGenerator generator = new LoadGenerator(serverUri, upstreamUri)) {
            awaitReady(chatstream, serverUri);
            server = new ProcessProbe(chatstream.pid(), options.javaHome());
            load = generator;
            List<String> tokens = tokens(serverUri, streams);
            warmUp(tokens, List.of(Target.SERVER, Target.FACADE));
            measureIdle();
            List<RunResult> nativeRuns = new ArrayList<>();
            List<RunResult> facadeRuns = new ArrayList<>();
            for (int repeat = 1; repeat <= options.repeats(); repeat++) {
                RunResult direct = measure("b", SHORT, streams, 5, 1, tokens, repeat, Target.DIRECT, 1.0);
                for (Target target : repeat % 2 == 1 ? List.of(Target.SERVER, Target.FACADE)
                        : List.of(Target.FACADE, Target.SERVER)) {
                    String name = target == Target.SERVER ? "b-api" : "b-openai";
                    RunResult through = against(direct, measure(name, SHORT, streams, 5, 1, tokens, repeat, target, 1.0));
                    (target == Target.SERVER ? nativeRuns : facadeRuns).add(through);
                }
            }
            nativeRuns.forEach(report::add);
            facadeRuns.forEach(report::add);
            report.serverMetrics(fetch(serverUri.resolve("/metrics")));
            report.openAi(new OpenAiReport(streams, idleCpu, loadBefore, loadAverage(), nativeRuns, facadeRuns,
                    logRecords(log, AppServer.PAYARA.warning()), logRecords(log, AppServer.PAYARA.error())));
        }
    }

    /**
     * One run against one target, with the server sampled every 250 ms meanwhile (the Spring AI peer, when the
     * target is the peer).
     */
    private RunResult measure(String name, Workload shape, int concurrency, int rounds, int warmup,
                              List<String> tokens, int repeat, Target target, double ramp) {
        ProcessProbe relay = target == Target.PEER ? peer : server;
        long relayIdleCpu = target == Target.PEER ? peerIdleCpu : idleCpu;
        AtomicInteger maxThreads = new AtomicInteger();
        AtomicLong maxRss = new AtomicLong();
        AtomicInteger maxOpen = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            maxThreads.accumulateAndGet(relay.threads(), Math::max);
            maxRss.accumulateAndGet(relay.rssBytes(), Math::max);
            maxOpen.accumulateAndGet(load.openStreams(), Math::max);
        }, 0, 250, TimeUnit.MILLISECONDS);
        boolean probeRedis = redis != null && target == Target.SERVER;
        long[] commandsBefore = probeRedis ? redis.commandsAndErrors() : null;
        long redisCpuBefore = probeRedis ? redis.cpuMicros() : 0;
        long machineBefore = ProcessProbe.machineBusyMicros();
        long oursBefore = ourCpuMicros();
        long cpuBefore = relay.cpuMicros();
        long jitBefore = relay.jitCpuMicros();
        long eventsBefore = load.allEvents();
        long start = System.nanoTime();
        Stats stats = load.run(new LoadGenerator.Plan(target, shape, concurrency, rounds, warmup, ramp), tokens);
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = Math.max(1, load.allEvents() - eventsBefore);
        double cpuPerEvent = (relay.cpuMicros() - cpuBefore - relayIdleCpu * seconds) / events;
        double jitPerEvent = (double) (relay.jitCpuMicros() - jitBefore) / events;
        double otherCores = (ProcessProbe.machineBusyMicros() - machineBefore - (ourCpuMicros() - oursBefore)) / 1e6 / seconds;
        RunResult.RedisCost redisCost = null;
        if (probeRedis) {
            long redisCpu = redis.cpuMicros() - redisCpuBefore;
            long[] commandsAfter = redis.commandsAndErrors();
            redisCost = new RunResult.RedisCost((redisCpu - redisIdleCpu * seconds) / events,
                    (commandsAfter[0] - commandsBefore[0] - 1) / (double) events, // less the INFO before
                    commandsAfter[1] - commandsBefore[1]);
        }
        sampler.shutdownNow();
        Side side = Side.of(stats, seconds);
        return new RunResult(name, concurrency, repeat, side, side, cpuPerEvent, jitPerEvent, maxThreads.get(),
                maxRss.get(), maxOpen.get(), otherCores, redisCost);
    }

    /**
     * CPU time of the benchmark's own processes: server, upstream, load generator, and the Spring AI peer or Redis
     * when they run.
     */
    private long ourCpuMicros() {
        return server.cpuMicros() + upstreamProcess.cpuMicros() + self.cpuMicros() + (redis == null ? 0 : redis.cpuMicros())
                + (peer == null ? 0 : peer.cpuMicros());
    }

    private static List<String> tokens(URI server, int count) {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<String>> tokens = IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            inFlight.acquireUninterruptibly();
            try {
                String body = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/auth/dev-token"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"bench-user-" + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher token = TOKEN.matcher(body);
                if (!token.find()) {
                    throw new IllegalStateException("no token in " + body);
                }
                return token.group(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.release();
            }
        }, Executors.newVirtualThreadPerTaskExecutor())).toList();
        return tokens.stream().map(CompletableFuture::join).toList();
    }

    private static String fetch(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "unavailable: " + e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration); // sampling progress of a run; no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A directory under the output directory, emptied. */
    private Path freshDirectory(String name) throws IOException {
        Path dir = options.out().resolve(name);
        deleteRecursively(dir);
        return dir;
    }

    /** The machine's load average over 1, 5 and 15 minutes: other work on a shared machine shows here. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** chatstream's journal metrics (cluster mode): events queued for Redis and dropped. */
    private static String journalMetrics(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("chatstream_journal")).collect(Collectors.joining("\n"));
    }

    /** Log records of a level (a server's pattern for its warnings or its errors) in a server's log so far. */
    private static long logRecords(Path log, Pattern level) {
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> level.matcher(line).find()).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
