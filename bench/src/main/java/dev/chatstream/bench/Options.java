package dev.chatstream.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options; bench/run.sh fills in the paths.
 * {@code --quick} runs every workload small and once: a smoke test of the benchmark itself, not a measurement.
 * {@code --max-streams} caps the concurrency of every run (the ceiling search of (b) and the streams of (d)).
 * {@code --runtime-dir} starts the server from a directory made by server-config/prepare-runtime.sh.
 * {@code --cluster} compares (b) at 256 streams on a single server and in cluster mode (Redis at {@code --redis},
 * default redis://127.0.0.1:6379), after the workloads; alone it runs no other workload.
 * {@code --servers [payara,wildfly,liberty]} compares (b) at 256 streams and the start on each server, after the
 * workloads (and the cluster comparison); alone it runs no other workload. {@code --wildfly-home} and
 * {@code --liberty-home} name the unpacked servers (bench/run.sh fills them in).
 * {@code --openai} compares (b) at 256 streams through {@code /api/v1/chat/stream} and through the OpenAI-compatible
 * API on one server, each against the same direct baseline, after the rest; alone it runs no other workload.
 * {@code --peer-jar} names the Spring AI peer (bench/peers/spring-ai, built by bench/run.sh), run through the
 * workloads beside chatstream; {@code --no-peer} leaves it out.
 */
record Options(Path repo, Path war, Path micro, Path runtimeDir, Path javaHome, Path out, String workloads,
               int repeats, boolean quick, String serverCores, String clientCores, int maxConcurrency,
               boolean cluster, URI redis, List<AppServer> servers, Path wildflyHome, Path libertyHome,
               boolean openai, Path peerJar) {

    static Options parse(String[] args) {
        Path repo = Path.of(".").toAbsolutePath().normalize();
        Path war = repo.resolve("target/chatstream.war");
        Path micro = repo.resolve("target/payara-micro.jar");
        Path runtimeDir = null;
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path out = repo.resolve("target/bench");
        String workloads = null;
        Integer repeats = null;
        boolean quick = false;
        String serverCores = null;
        String clientCores = null;
        Integer maxStreams = null;
        boolean cluster = false;
        URI redis = URI.create("redis://127.0.0.1:6379");
        List<AppServer> servers = List.of();
        Path wildflyHome = null;
        Path libertyHome = null;
        boolean openai = false;
        Path peerJar = null;
        boolean noPeer = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--war" -> war = Path.of(args[++i]).toAbsolutePath();
                case "--micro" -> micro = Path.of(args[++i]).toAbsolutePath();
                case "--runtime-dir" -> runtimeDir = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--workloads" -> workloads = args[++i];
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--server-cores" -> serverCores = args[++i];
                case "--client-cores" -> clientCores = args[++i];
                case "--max-streams" -> maxStreams = Integer.parseInt(args[++i]);
                case "--cluster" -> cluster = true;
                case "--redis" -> redis = URI.create(args[++i]);
                case "--servers" -> servers = AppServer.parse(i + 1 < args.length && !args[i + 1].startsWith("--")
                        ? args[++i] : "payara,wildfly,liberty");
                case "--wildfly-home" -> wildflyHome = Path.of(args[++i]).toAbsolutePath();
                case "--liberty-home" -> libertyHome = Path.of(args[++i]).toAbsolutePath();
                case "--openai" -> openai = true;
                case "--peer-jar" -> peerJar = Path.of(args[++i]).toAbsolutePath();
                case "--no-peer" -> noPeer = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; see bench/README.md");
            }
        }
        if (workloads == null) {
            // --cluster, --servers or --openai alone: only the comparison
            workloads = cluster || !servers.isEmpty() || openai ? "" : "abcd";
        }
        return new Options(repo, war, micro, runtimeDir, javaHome, out, workloads,
                repeats != null ? repeats : quick ? 1 : 3, quick, serverCores, clientCores,
                maxStreams != null ? maxStreams : quick ? 500 : 10_000, cluster, redis, servers, wildflyHome,
                libertyHome, openai, noPeer ? null : peerJar);
    }
}
