package dev.chatstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Collects the results and writes {@code report.md} and {@code report.json}; prints the summary. */
final class Report {

    record SlowStreams(int wanted, int streams, int maxOpenFiles, int openAtPeak, long liveHeapBefore,
                       long liveHeapAtPeak, int threadsBefore, int threadsAtPeak, long rssBefore, long rssAtPeak,
                       Side outcome) {
        double heapPerStreamKb() {
            return (liveHeapAtPeak - liveHeapBefore) / 1024.0 / Math.max(1, openAtPeak);
        }

        double rssPerStreamKb() {
            return (rssAtPeak - rssBefore) / 1024.0 / Math.max(1, openAtPeak);
        }
    }

    private final Path out;
    private final List<RunResult> results = new ArrayList<>();
    private Duration ready;
    private int idleThreads;
    private long idleRss;
    private SlowStreams slow;
    private String serverMetrics = "";
    private long idleCpuMicrosPerSecond;
    private ClusterReport cluster;
    private ServersReport servers;
    private OpenAiReport openAi;
    private PeerReport peer;

    Report(Path out) {
        this.out = out;
    }

    void ready(Duration ready) {
        this.ready = ready;
    }

    void idle(int threads, long rss) {
        this.idleThreads = threads;
        this.idleRss = rss;
    }

    void idleCpu(long microsPerSecond) {
        this.idleCpuMicrosPerSecond = microsPerSecond;
    }

    long idleCpuMicrosPerSecond() {
        return idleCpuMicrosPerSecond;
    }

    void add(RunResult result) {
        results.add(result);
    }

    void slowStreams(int wanted, int streams, int maxOpenFiles, int open, long heapBefore, long heapAtPeak,
                     int threadsBefore, int threadsAtPeak, long rssBefore, long rssAtPeak, Side outcome) {
        slow = new SlowStreams(wanted, streams, maxOpenFiles, open, heapBefore, heapAtPeak, threadsBefore,
                threadsAtPeak, rssBefore, rssAtPeak, outcome);
    }

    void cluster(ClusterReport cluster) {
        this.cluster = cluster;
    }

    void servers(ServersReport servers) {
        this.servers = servers;
    }

    void openAi(OpenAiReport openAi) {
        this.openAi = openAi;
    }

    void peer(PeerReport peer) {
        this.peer = peer;
    }

    void serverMetrics(String metrics) {
        this.serverMetrics = metrics.lines().filter(line -> line.startsWith("chatstream_"))
                .collect(Collectors.joining("\n"));
    }

    static String line(RunResult r) {
        return "%-9s %5d streams #%d  added TTFT p50 %6.2f p99 %7.2f ms | added gap p50 %6.2f p99 %7.2f ms | ok %d/%d failed %d | %.0f ev/s | %.1f µs CPU/event (JIT %.1f) | %d threads"
                .formatted(r.workload(), r.concurrency(), r.repeat(), r.addedTtftP50(), r.addedTtftP99(),
                        r.addedGapP50(), r.addedGapP99(), r.server().completed(), r.direct().completed(),
                        r.server().failed() + r.direct().failed(), r.server().eventsPerSecond(),
                        r.cpuMicrosPerEvent(), r.jitMicrosPerEvent(), r.maxThreads())
                + (r.redis() == null ? "" : " | Redis %.2f µs CPU/event, %.2f commands/event, %d errors"
                .formatted(r.redis().cpuMicrosPerEvent(), r.redis().commandsPerEvent(), r.redis().errorReplies()))
                + " | other processes %.2f cores".formatted(r.otherCores());
    }

    /** Writes both files; prints the report once {@code finished}. */
    void write(Options options, boolean finished) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine());
        json.put("options", Map.of("workloads", options.workloads(), "repeats", options.repeats(),
                "quick", options.quick(), "serverCores", String.valueOf(options.serverCores()),
                "clientCores", String.valueOf(options.clientCores()), "cluster", options.cluster(),
                "servers", options.servers(), "openai", options.openai(), "springAiPeer", options.peerJar() != null));
        json.put("readyMillis", ready == null ? null : ready.toMillis());
        json.put("startedFrom", startedFrom(options));
        json.put("idle", Map.of("threads", idleThreads, "rssBytes", idleRss, "cpuMicrosPerSecond", idleCpuMicrosPerSecond));
        json.put("runs", results);
        json.put("slowStreams", slow);
        json.put("serverMetrics", serverMetrics);
        json.put("cluster", cluster);
        json.put("servers", servers);
        json.put("openai", openAi);
        json.put("springAiPeer", peer);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), json);
        String markdown = markdown(options);
        Files.writeString(out.resolve("report.md"), markdown);
        if (finished) {
            System.out.println();
            System.out.println(markdown);
        }
    }

    private String markdown(Options options) {
        StringBuilder md = new StringBuilder("# chatstream benchmark, ").append(Instant.now()).append("\n\n");
        machine().forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append("- repeats: ").append(options.repeats()).append(options.quick() ? " (quick smoke run)" : "")
                .append("; server cores: ").append(options.serverCores() == null ? "any" : options.serverCores())
                .append("; upstream + load generator cores: ")
                .append(options.clientCores() == null ? "any" : options.clientCores()).append("\n\n");
        if (ready != null) {
            md.append("Server ready (WAR deployed, first request served): **%.1f s**, started from %s. Idle: %d threads, %d MB RSS, %.1f ms CPU per second without the JIT (subtracted from the CPU per event below).\n\n"
                    .formatted(ready.toMillis() / 1000.0, startedFrom(options), idleThreads, idleRss >> 20,
                            idleCpuMicrosPerSecond / 1000.0));
        }
        md.append("## Added latency (through chatstream minus direct), median run of the repeats\n\n");
        addedLatency(md, results, "server");
        if (peer != null) {
            md.append(peer.markdown(results));
        }
        if (slow != null) {
            md.append("\n## Open slow streams (d)\n\n");
            if (slow.streams() < slow.wanted()) {
                md.append("Capped at %d of %d streams: the server may open %d files (`ulimit -n`), and docs/operations.md (\"Open files\") asks for three per stream plus a thousand.\n\n"
                        .formatted(slow.streams(), slow.wanted(), slow.maxOpenFiles()));
            }
            md.append("%d streams requested, %d open at the peak: live heap %d MB → %d MB (**%.1f KB per open stream**), RSS %d MB → %d MB (%.1f KB per stream), platform threads %d → **%d**.\n"
                    .formatted(slow.streams(), slow.openAtPeak(), slow.liveHeapBefore() >> 20, slow.liveHeapAtPeak() >> 20,
                            slow.heapPerStreamKb(), slow.rssBefore() >> 20, slow.rssAtPeak() >> 20,
                            slow.rssPerStreamKb(), slow.threadsBefore(), slow.threadsAtPeak()));
            md.append("Completed %d, failed %d %s.\n".formatted(slow.outcome().completed(), slow.outcome().failed(),
                    slow.outcome().failures().isEmpty() ? "" : slow.outcome().failures().toString()));
        }
        if (cluster != null) {
            md.append(cluster.markdown());
        }
        if (servers != null) {
            md.append(servers.markdown());
        }
        if (openAi != null) {
            md.append(openAi.markdown());
        }
        if (!serverMetrics.isBlank()) {
            md.append("\n## chatstream's own metrics at the end (`/metrics`)\n\n```\n")
                    .append(serverMetrics).append("\n```\n");
        }
        return md.toString();
    }

    /**
     * The table of added latency and cost, a row per workload and concurrency (the median run of its repeats),
     * and the failures; {@code relay} names what the load went through: the server, or the peer.
     */
    static void addedLatency(StringBuilder md, List<RunResult> results, String relay) {
        md.append("| workload | streams | added TTFT p50 | added TTFT p99 | added gap p50 | added gap p99 | spread of added TTFT p99 | spread of added gap p99 | direct TTFT p50 / gap p99 | completed (%s/direct) | failed | events/s | %s CPU µs/event (net of idle) | of which JIT compiling | max threads | max RSS MB |\n"
                .formatted(relay, relay));
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        groups(results).values().forEach(group -> {
            RunResult median = median(group);
            md.append("| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %s | %s | %.1f / %.1f ms | %d / %d | %d | %.0f | %.1f | %.1f | %d | %d |\n"
                    .formatted(median.workload(), median.concurrency(), median.addedTtftP50(), median.addedTtftP99(),
                            median.addedGapP50(), median.addedGapP99(), spread(group, RunResult::addedTtftP99),
                            spread(group, RunResult::addedGapP99), median.direct().ttftP50(), median.direct().gapP99(),
                            median.server().completed(), median.direct().completed(),
                            median.server().failed() + median.direct().failed(), median.server().eventsPerSecond(),
                            median.cpuMicrosPerEvent(), median.jitMicrosPerEvent(), median.maxThreads(), median.maxRssBytes() >> 20));
        });
        List<String> failures = results.stream().filter(r -> !r.clean())
                .map(r -> "- %s at %d streams, repeat %d: %s %s, direct %s".formatted(r.workload(),
                        r.concurrency(), r.repeat(), relay, r.server().failures(), r.direct().failures())).toList();
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n").append(String.join("\n", failures)).append('\n');
        }
    }

    /** The runs by workload and concurrency, in the order they ran. */
    static Map<String, List<RunResult>> groups(List<RunResult> results) {
        return results.stream().collect(Collectors.groupingBy(r -> r.workload() + "/" + r.concurrency(),
                LinkedHashMap::new, Collectors.toList()));
    }

    /** The run whose added TTFT p99 is the median of its repeats. */
    static RunResult median(List<RunResult> group) {
        List<RunResult> sorted = group.stream().sorted(Comparator.comparingDouble(RunResult::addedTtftP99)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String startedFrom(Options options) {
        return options.runtimeDir() == null ? "payara-micro.jar"
                : "a runtime prepared by server-config/prepare-runtime.sh (AOT cache)";
    }

    /** The least and the greatest of a figure over the repeats; "–" for a single run. */
    static String spread(List<RunResult> group, ToDoubleFunction<RunResult> value) {
        if (group.size() < 2) {
            return "–";
        }
        double min = group.stream().mapToDouble(value).min().orElse(0);
        double max = group.stream().mapToDouble(value).max().orElse(0);
        return "%.2f – %.2f".formatted(min, max);
    }

    /** The least and the most CPU other processes took during the runs through chatstream, in cores. */
    static String otherCores(List<RunResult> runs) {
        return "%.2f – %.2f".formatted(runs.stream().mapToDouble(RunResult::otherCores).min().orElse(0),
                runs.stream().mapToDouble(RunResult::otherCores).max().orElse(0));
    }

    private static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        try {
            machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2))
                    .orElse("unknown"));
        } catch (IOException e) {
            machine.put("cpu", "unknown");
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }
}
