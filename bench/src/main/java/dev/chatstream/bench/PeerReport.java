package dev.chatstream.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The Spring AI peer (bench/peers/spring-ai) through the same workloads as chatstream, each repeat against the same
 * direct run: its own table of added latency and cost, and chatstream ÷ Spring AI beside it. The peer checks no
 * token, saves nothing, keeps no sessions and generates no titles, all of which chatstream does on every stream:
 * the comparison flatters the peer (bench/README.md, "The Spring AI peer"). {@code runs} fills as they run.
 */
record PeerReport(String chatstreamJvm, String peerJvm, double readySeconds, int idleThreads, long idleRssBytes,
                  long idleCpuMicrosPerSecond, List<RunResult> runs) {

    /** A repeat of one workload through both, against the same direct run. */
    private record Pair(RunResult chatstream, RunResult peer) {
    }

    void add(RunResult run) {
        runs.add(run);
    }

    /** The section, with chatstream's runs of the same workloads to divide by. */
    String markdown(List<RunResult> chatstreamRuns) {
        StringBuilder md = new StringBuilder("\n## The Spring AI peer: the same workloads through a Spring AI relay\n\n");
        md.append("`bench/peers/spring-ai`: Spring Boot 4.0.7 on WebFlux (Reactor Netty) and Spring AI 2.0.1 (`ChatClient` … `stream().content()`, over its OpenAI client, the openai-java SDK on OkHttp), every setting its default, started with `java -jar` and no JVM options. It takes the request chatstream takes and answers with chatstream's events (`start`, a `content` per piece, `done`; ids 1..n), checked as chatstream's are. **It checks no token, saves nothing, keeps no sessions and generates no titles**: chatstream does all of that on every stream, so this comparison flatters the peer. Warmed up as chatstream was; each repeat runs direct, then chatstream and the peer (taking turns going first), both against that direct run. (d) runs through chatstream only.\n\n");
        md.append("JVM: chatstream %s; the peer %s. The peer ready (its first stream relayed) **%.1f s** after its start; idle: %d threads, %d MB RSS, %.1f ms CPU per second without the JIT (subtracted from its CPU per event below).\n\n"
                .formatted(chatstreamJvm, peerJvm, readySeconds, idleThreads, idleRssBytes >> 20,
                        idleCpuMicrosPerSecond / 1000.0));
        Report.addedLatency(md, runs, "peer");
        md.append("\n### chatstream ÷ Spring AI\n\n");
        md.append("Each figure's ratio in each repeat (the two ran against the same direct run), the median over the repeats in which the peer's figure is above zero (\"–\": in none); above 1, chatstream adds or costs more.\n\n");
        md.append("| workload | streams | added TTFT p50 | added TTFT p99 | added gap p99 | CPU µs/event (net of idle) | max threads, chatstream / peer | max RSS MB, chatstream / peer |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        Map<String, RunResult> peerRuns = runs.stream().collect(Collectors.toMap(PeerReport::key, run -> run));
        Report.groups(chatstreamRuns).values().forEach(group -> {
            List<Pair> pairs = group.stream().filter(run -> peerRuns.containsKey(key(run)))
                    .map(run -> new Pair(run, peerRuns.get(key(run)))).toList();
            if (pairs.isEmpty()) {
                return; // through chatstream only
            }
            RunResult chatstream = Report.median(group);
            RunResult peer = Report.median(pairs.stream().map(Pair::peer).toList());
            md.append("| %s | %d | %s | %s | %s | %s | %d / %d | %d / %d |\n".formatted(chatstream.workload(),
                    chatstream.concurrency(), ratio(pairs, RunResult::addedTtftP50), ratio(pairs, RunResult::addedTtftP99),
                    ratio(pairs, RunResult::addedGapP99), ratio(pairs, RunResult::cpuMicrosPerEvent),
                    chatstream.maxThreads(), peer.maxThreads(), chatstream.maxRssBytes() >> 20, peer.maxRssBytes() >> 20));
        });
        return md.toString();
    }

    private static String key(RunResult run) {
        return run.workload() + "/" + run.concurrency() + "/" + run.repeat();
    }

    /** chatstream ÷ peer of a figure, the median over the repeats in which the peer's is above zero. */
    private static String ratio(List<Pair> pairs, ToDoubleFunction<RunResult> value) {
        List<Double> ratios = pairs.stream()
                .filter(pair -> value.applyAsDouble(pair.peer()) > 0)
                .map(pair -> value.applyAsDouble(pair.chatstream()) / value.applyAsDouble(pair.peer()))
                .sorted().toList();
        return ratios.isEmpty() ? "–" : "%.2f".formatted(ratios.get(ratios.size() / 2));
    }
}
