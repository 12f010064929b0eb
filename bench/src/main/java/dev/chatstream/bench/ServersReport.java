package dev.chatstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What {@code --servers} measured: the same WAR on each server, started twice by its own start script (the time
 * from the JVM's start to the first stream relayed), then warmed up alike and (b) run against the direct
 * baseline; side by side, with each figure's ratio to the best server's (bench/README.md, "Servers side by side").
 */
final class ServersReport {

    /** Above this ratio to the best server a figure is marked: issue 21's bound. */
    private static final double BOUND = 1.5;

    /**
     * One start: the seconds from starting the start script to the JVM's start (what the script does first),
     * and from the JVM's start to the end of the first stream the server accepted and relayed.
     */
    record Start(double scriptSeconds, double readySeconds) {
    }

    /** One server: how it was started and ran, its two starts, its runs of (b), its log's warnings and errors. */
    record ServerResult(AppServer server, String startedFrom, String jvm, Start first, Start restart,
                        long idleCpuMicrosPerSecond, String loadBefore, String loadAfter, List<RunResult> runs,
                        long logWarnings, long logErrors) {
        RunResult median() {
            return Report.median(runs);
        }
    }

    private final int streams;
    private final List<ServerResult> servers = new ArrayList<>();

    ServersReport(int streams) {
        this.streams = streams;
    }

    void add(ServerResult server) {
        servers.add(server);
    }

    // read by Jackson for report.json
    public int getStreams() {
        return streams;
    }

    public List<ServerResult> getServers() {
        return servers;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("\n## Servers side by side: the start, and (b) at %d streams\n\n".formatted(streams));
        md.append("Each server runs the same WAR, started afresh by its own start script with its defaults (its own data and server directory), then once more (the restart: the same directories); the restarted server gets the same warm-up, then (b) against its own direct baseline. **Ready**: from the JVM's start (`sun.rt.createVmBeginTime`) to the end of the first stream the server accepted (one chunk, which the upstream sends at once). In brackets, the ratio to the best server's figure (lower is better); marked where it exceeds %.1f.\n\n".formatted(BOUND));
        if (servers.isEmpty()) {
            return md.append("Incomplete: no server finished.\n").toString();
        }
        md.append("| median run of %d |".formatted(servers.getFirst().runs().size()));
        servers.forEach(s -> md.append(' ').append(s.server().title()).append(" |"));
        md.append("\n|---|").append("---|".repeat(servers.size())).append('\n');
        text(md, "started from", ServerResult::startedFrom);
        text(md, "JVM", ServerResult::jvm);
        ratios(md, "**ready, first start**", "%.1f s", s -> s.first().readySeconds());
        ratios(md, "**ready, restart**", "%.1f s", s -> s.restart().readySeconds());
        text(md, "start script before the JVM (first start / restart)",
                s -> "%.2f / %.2f s".formatted(s.first().scriptSeconds(), s.restart().scriptSeconds()));
        ratios(md, "added TTFT p50", "%.2f ms", s -> s.median().addedTtftP50());
        ratios(md, "**added TTFT p99**", "%.2f ms", s -> s.median().addedTtftP99());
        ratios(md, "added gap p50", "%.2f ms", s -> s.median().addedGapP50());
        ratios(md, "**added gap p99**", "%.2f ms", s -> s.median().addedGapP99());
        text(md, "spread of added TTFT p99 / gap p99", s -> Report.spread(s.runs(), RunResult::addedTtftP99) + " / "
                + Report.spread(s.runs(), RunResult::addedGapP99));
        text(md, "direct TTFT p50 / gap p99 (the baseline)",
                s -> "%.1f / %.1f ms".formatted(s.median().direct().ttftP50(), s.median().direct().gapP99()));
        text(md, "completed (server/direct) / failed", s -> "%d / %d / %d".formatted(s.median().server().completed(),
                s.median().direct().completed(), s.runs().stream().mapToLong(r -> r.server().failed() + r.direct().failed()).sum()));
        text(md, "events/s", s -> "%.0f".formatted(s.median().server().eventsPerSecond()));
        ratios(md, "server CPU µs/event (net of idle)", "%.1f", s -> s.median().cpuMicrosPerEvent());
        text(md, "of which JIT compiling", s -> "%.1f".formatted(s.median().jitMicrosPerEvent()));
        text(md, "max RSS / threads", s -> "%d MB / %d".formatted(s.median().maxRssBytes() >> 20, s.median().maxThreads()));
        text(md, "idle CPU", s -> "%.1f ms/s".formatted(s.idleCpuMicrosPerSecond() / 1000.0));
        text(md, "other processes' CPU during the runs through chatstream (cores; min – max)", s -> Report.otherCores(s.runs()));
        text(md, "load average at start → end", s -> s.loadBefore() + " → " + s.loadAfter());
        text(md, "server log: warnings / errors", s -> s.logWarnings() + " / " + s.logErrors());
        List<String> failures = servers.stream().flatMap(s -> s.runs().stream().filter(r -> !r.clean())
                .map(r -> "- %s, repeat %d: server %s, direct %s".formatted(s.server().title(), r.repeat(),
                        r.server().failures(), r.direct().failures()))).toList();
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n").append(String.join("\n", failures)).append('\n');
        }
        return md.toString();
    }

    private void text(StringBuilder md, String name, Function<ServerResult, String> value) {
        md.append("| ").append(name).append(" |");
        servers.forEach(s -> md.append(' ').append(value.apply(s)).append(" |"));
        md.append('\n');
    }

    /** A figure of each server, with its ratio to the best (the least) where that is more than nothing. */
    private void ratios(StringBuilder md, String name, String format, ToDoubleFunction<ServerResult> value) {
        double best = servers.stream().mapToDouble(value).min().orElse(0);
        text(md, name, s -> {
            double v = value.applyAsDouble(s);
            if (best <= 0) {
                return format.formatted(v);
            }
            double ratio = v / best;
            return format.formatted(v) + (ratio > BOUND ? " (**%.2f×**)" : " (%.2f×)").formatted(ratio);
        });
    }
}
