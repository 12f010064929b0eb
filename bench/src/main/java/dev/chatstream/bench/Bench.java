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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import java.util.stream.IntStream;

/**
 * Runs the benchmark: starts the benchmark upstream and chatstream (Payara Micro, embedded H2 unless
 * CHATSTREAM_DB_URL says otherwise), then for every workload runs the same load straight to the upstream (the
 * baseline) and through chatstream, three times, and writes {@code report.md} and {@code report.json}.
 * See bench/README.md.
 */
public final class Bench {

    /** (a)'s shape: 10 ms to the first token, 32 chunks 5 ms apart. */
    private static final Workload SEQUENTIAL = Workload.of(10, 32, 5, 16);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final Options options;
    private final Report report;
    private ProcessProbe server;
    private URI serverUri;
    private LoadGenerator load;

    private Bench(Options options) {
        this.options = options;
        this.report = new Report(options.out());
    }

    public static void main(String[] args) throws Exception {
        new Bench(Options.parse(args)).run();
    }

    private void run() throws IOException {
        Files.createDirectories(options.out());
        Path data = options.out().resolve("data");
        deleteRecursively(data);
        int upstreamPort = freePort();
        int serverPort = freePort();
        serverUri = URI.create("http://127.0.0.1:" + serverPort);
        URI upstreamUri = URI.create("http://127.0.0.1:" + upstreamPort);
        // The upstream is serving before the server starts, so its start does not count in the server's.
        try (ServerProcess upstream = startUpstream(upstreamUri);
             ServerProcess chatstream = ServerProcess.start("chatstream",
                     List.of("bash", options.repo().resolve("server-config/start.sh").toString(),
                             options.micro().toString(), options.war().toString()),
                     options.serverCores(), serverEnvironment(upstreamPort, serverPort, data),
                     options.out().resolve("server.log"))) {
            Duration ready = chatstream.awaitServing(serverUri.resolve("/api/v1/auth/dev-token"),
                    "{\"user\":\"bench-ready\"}", Duration.ofSeconds(120));
            report.ready(ready);
            System.out.printf("chatstream served its first request %.1f s after start%n", ready.toMillis() / 1000.0);
            server = new ProcessProbe(chatstream.pid(), options.javaHome());
            report.idle(server.threads(), server.rssBytes());
            try (LoadGenerator generator = new LoadGenerator(serverUri, upstreamUri)) {
                load = generator;
                List<String> tokens = tokens(serverUri, options.maxConcurrency());
                warmUp(tokens);
                report.idleCpu(idleCpuMicrosPerSecond());
                for (char workload : options.workloads().toCharArray()) {
                    switch (workload) {
                        case 'a' -> sequential(tokens);
                        case 'b' -> shortStreams(tokens);
                        case 'c' -> chatUsers(tokens);
                        case 'd' -> slowStreams(tokens);
                        default -> throw new IllegalArgumentException("unknown workload " + workload);
                    }
                    report.serverMetrics(fetch(serverUri.resolve("/metrics?scope=application")));
                    report.write(options, false); // so far, in case a later workload is interrupted
                }
            }
        }
        report.write(options, true);
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

    private Map<String, String> serverEnvironment(int upstreamPort, int serverPort, Path data) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "JAVA_HOME", options.javaHome().toString(),
                "OPENAI_BASE_URL", "http://127.0.0.1:" + upstreamPort + "/v1",
                "OPENAI_API_KEY", "bench",
                "CHATSTREAM_HTTP_PORT", Integer.toString(serverPort),
                "CHATSTREAM_DATA_DIR", data.toString(),
                "CHATSTREAM_CONFIG_FILE", options.repo().resolve("bench/chatstream-bench.properties").toString()));
        if (options.runtimeDir() != null) {
            environment.put("CHATSTREAM_RUNTIME_DIR", options.runtimeDir().toString());
        }
        return environment;
    }

    /**
     * The server's CPU use while nothing is asked of it (its timers, heartbeats), per second. The JIT's threads
     * are left out: right after the warm-up they may still be compiling hard, and subtracting that from every
     * run would make the runs look cheaper than they are (the JIT's share of a run is reported on its own).
     */
    private long idleCpuMicrosPerSecond() {
        long before = server.cpuMicros() - server.jitCpuMicros();
        long start = System.nanoTime();
        pause(Duration.ofSeconds(10));
        long after = server.cpuMicros() - server.jitCpuMicros();
        return (after - before) * 1_000_000_000L / (System.nanoTime() - start);
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
    private void warmUp(List<String> tokens) {
        int concurrency = Math.min(64, options.maxConcurrency());
        int requests = options.quick() ? 200 : 16_000;
        Workload shortStreams = Workload.of(0, 4, 2, 16);
        Workload longerStreams = Workload.of(0, 64, 5, 16);
        int oneAtATime = options.quick() ? 20 : 1_000;
        for (Target target : Target.values()) {
            int rounds = Math.max(1, requests / concurrency);
            load.run(new LoadGenerator.Plan(target, shortStreams, concurrency, rounds, rounds, 1.0), tokens);
            load.run(new LoadGenerator.Plan(target, longerStreams, concurrency, 10, 10, 1.0), tokens);
            load.run(new LoadGenerator.Plan(target, SEQUENTIAL, 1, oneAtATime, oneAtATime, 1.0), tokens);
        }
        System.out.println("warmed up");
    }

    /** (a) one stream at a time: what chatstream adds to a single user's request. */
    private void sequential(List<String> tokens) {
        repeat("a", SEQUENTIAL, 1, options.quick() ? 20 : 200, options.quick() ? 5 : 20, tokens);
    }

    /** (b) the common streaming shape at 1, 64 and 256 streams, then more until something fails. */
    private void shortStreams(List<String> tokens) {
        Workload shape = Workload.of(0, 64, 20, 16);
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
        Pattern kept = Pattern.compile("^chatstream_generations_kept\\{[^}]*} ([0-9.]+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        System.out.println("(d) waits for the server to let go of the generations that ended before it");
        while (System.nanoTime() < deadline) {
            Matcher value = kept.matcher(fetch(serverUri.resolve("/metrics?scope=application")));
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

    private RunResult once(String name, Workload shape, int concurrency, int rounds, int warmup, List<String> tokens,
                           int repeat) {
        RunResult direct = measure(name, shape, concurrency, rounds, warmup, tokens, repeat, Target.DIRECT, 1.0);
        RunResult through = measure(name, shape, concurrency, rounds, warmup, tokens, repeat, Target.SERVER, 1.0);
        RunResult result = new RunResult(name, concurrency, repeat, direct.direct(), through.server(),
                through.cpuMicrosPerEvent(), through.jitMicrosPerEvent(), through.maxThreads(), through.maxRssBytes(),
                through.maxOpenStreams());
        System.out.println(Report.line(result));
        return result;
    }

    /** One run against one target, with the server sampled every 250 ms meanwhile. */
    private RunResult measure(String name, Workload shape, int concurrency, int rounds, int warmup,
                              List<String> tokens, int repeat, Target target, double ramp) {
        AtomicInteger maxThreads = new AtomicInteger();
        AtomicLong maxRss = new AtomicLong();
        AtomicInteger maxOpen = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            maxThreads.accumulateAndGet(server.threads(), Math::max);
            maxRss.accumulateAndGet(server.rssBytes(), Math::max);
            maxOpen.accumulateAndGet(load.openStreams(), Math::max);
        }, 0, 250, TimeUnit.MILLISECONDS);
        long cpuBefore = server.cpuMicros();
        long jitBefore = server.jitCpuMicros();
        long eventsBefore = load.allEvents();
        long start = System.nanoTime();
        Stats stats = load.run(new LoadGenerator.Plan(target, shape, concurrency, rounds, warmup, ramp), tokens);
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = Math.max(1, load.allEvents() - eventsBefore);
        double cpuPerEvent = (server.cpuMicros() - cpuBefore - report.idleCpuMicrosPerSecond() * seconds) / events;
        double jitPerEvent = (double) (server.jitCpuMicros() - jitBefore) / events;
        sampler.shutdownNow();
        Side side = Side.of(stats, seconds);
        return new RunResult(name, concurrency, repeat, side, side, cpuPerEvent, jitPerEvent, maxThreads.get(),
                maxRss.get(), maxOpen.get());
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

    private static int freePort() throws IOException {
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
