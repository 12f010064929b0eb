package dev.chatstream.bench;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * What {@code --openai} measured: (b) on one server through chatstream's own API ({@code /api/v1/chat/stream},
 * "native") and through its OpenAI-compatible API ("facade"), each repeat against the same direct run, side by
 * side with facade ÷ native; the bound is {@value #BOUND} for added gap p99 and CPU per event
 * (bench/README.md, "The OpenAI-compatible API").
 */
record OpenAiReport(int streams, long idleCpuMicrosPerSecond, String loadBefore, String loadAfter,
                    List<RunResult> nativeRuns, List<RunResult> facadeRuns, long logWarnings, long logErrors) {

    static final double BOUND = 1.10;

    String markdown() {
        StringBuilder md = new StringBuilder("\n## The OpenAI-compatible API: (b) at %d streams through both APIs\n\n".formatted(streams));
        md.append("One server, warmed up through both APIs alike; each repeat runs direct (the baseline), then `/api/v1/chat/stream` (native) and `/openai/v1/chat/completions` (facade: model `assistant`, the conversation's earlier turns sent back, its session continued with `X-Chatstream-Session`), the two in turns first; both against that repeat's direct run. The facade's stream is checked as the upstream's is: the text the upstream sent, `[DONE]` at the end. The bound: facade ÷ native at most %.2f for added gap p99 and CPU per event.\n\n".formatted(BOUND));
        if (nativeRuns.isEmpty() || facadeRuns.isEmpty()) {
            return md.append("Incomplete: no repeat finished.\n").toString();
        }
        RunResult n = Report.median(nativeRuns);
        RunResult f = Report.median(facadeRuns);
        md.append("| median run of %d | native | facade | facade ÷ native |\n|---|---|---|---|\n".formatted(nativeRuns.size()));
        row(md, "added TTFT p50", "%.2f ms", RunResult::addedTtftP50, n, f);
        row(md, "added TTFT p99", "%.2f ms", RunResult::addedTtftP99, n, f);
        row(md, "added gap p50", "%.2f ms", RunResult::addedGapP50, n, f);
        row(md, "**added gap p99**", "%.2f ms", RunResult::addedGapP99, n, f);
        text(md, "spread of added TTFT p99 / gap p99", runs -> Report.spread(runs, RunResult::addedTtftP99) + " / "
                + Report.spread(runs, RunResult::addedGapP99));
        text(md, "direct TTFT p50 / gap p99 (the baseline)",
                runs -> "%.1f / %.1f ms".formatted(Report.median(runs).direct().ttftP50(), Report.median(runs).direct().gapP99()));
        text(md, "completed (through/direct) / failed, all repeats", runs -> "%d / %d / %d".formatted(
                runs.stream().mapToLong(r -> r.server().completed()).sum(), runs.stream().mapToLong(r -> r.direct().completed()).sum(),
                runs.stream().mapToLong(r -> r.server().failed() + r.direct().failed()).sum()));
        row(md, "**server CPU µs/event (net of idle)**", "%.1f", RunResult::cpuMicrosPerEvent, n, f);
        text(md, "of which JIT compiling", runs -> "%.1f".formatted(Report.median(runs).jitMicrosPerEvent()));
        row(md, "events per stream (data lines)", "%.1f", OpenAiReport::eventsPerStream, n, f);
        row(md, "server CPU µs/stream (per event × events per stream)", "%.0f",
                r -> r.cpuMicrosPerEvent() * eventsPerStream(r), n, f);
        row(md, "events/s", "%.0f", r -> r.server().eventsPerSecond(), n, f);
        text(md, "max RSS / threads", runs -> "%d MB / %d".formatted(Report.median(runs).maxRssBytes() >> 20,
                Report.median(runs).maxThreads()));
        text(md, "other processes' CPU during the runs (cores; min – max)", Report::otherCores);
        md.append("| facade ÷ native per repeat: added gap p99 / CPU per event | | | %s |\n".formatted(perRepeat()));
        md.append("\nIdle CPU %.1f ms/s; load average %s → %s; server log: %d warnings / %d errors (`server-openai.log`).\n"
                .formatted(idleCpuMicrosPerSecond / 1000.0, loadBefore, loadAfter, logWarnings, logErrors));
        // judged on the pairs of the same repeat: the median runs of the two paths may come from different repeats
        md.append("\n**Facade ÷ native, median of the per-repeat ratios: added gap p99 %s, CPU per event %s** (bound %.2f).\n"
                .formatted(verdict(medianRatio(RunResult::addedGapP99)), verdict(medianRatio(RunResult::cpuMicrosPerEvent)),
                        BOUND));
        List<String> failures = IntStream.range(0, nativeRuns.size()).boxed()
                .flatMap(i -> List.of(nativeRuns.get(i), facadeRuns.get(i)).stream())
                .filter(r -> !r.clean())
                .map(r -> "- %s, repeat %d: through %s, direct %s".formatted(r.workload(), r.repeat(),
                        r.server().failures(), r.direct().failures())).toList();
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n").append(String.join("\n", failures)).append('\n');
        }
        return md.toString();
    }

    private static double eventsPerStream(RunResult r) {
        return (double) r.server().events() / Math.max(1, r.server().completed() + r.server().failed());
    }

    /** facade ÷ native, or NaN where the native path adds nothing to compare with. */
    private static double ratio(double nativeValue, double facadeValue) {
        return nativeValue > 0 ? facadeValue / nativeValue : Double.NaN;
    }

    private double medianRatio(ToDoubleFunction<RunResult> value) {
        List<Double> ratios = IntStream.range(0, Math.min(nativeRuns.size(), facadeRuns.size()))
                .mapToDouble(i -> ratio(value.applyAsDouble(nativeRuns.get(i)), value.applyAsDouble(facadeRuns.get(i))))
                .sorted().boxed().toList();
        return ratios.isEmpty() ? Double.NaN : ratios.get(ratios.size() / 2);
    }

    private static String verdict(double ratio) {
        return Double.isNaN(ratio) ? "– (native adds nothing)"
                : "%.2f (%s)".formatted(ratio, ratio <= BOUND ? "within" : "over");
    }

    private String perRepeat() {
        return String.join(", ", IntStream.range(0, Math.min(nativeRuns.size(), facadeRuns.size())).mapToObj(i ->
                "%.2f / %.2f".formatted(ratio(nativeRuns.get(i).addedGapP99(), facadeRuns.get(i).addedGapP99()),
                        ratio(nativeRuns.get(i).cpuMicrosPerEvent(), facadeRuns.get(i).cpuMicrosPerEvent()))).toList());
    }

    private void row(StringBuilder md, String name, String format, ToDoubleFunction<RunResult> value, RunResult n,
                     RunResult f) {
        double r = ratio(value.applyAsDouble(n), value.applyAsDouble(f));
        md.append("| %s | %s | %s | %s |\n".formatted(name, format.formatted(value.applyAsDouble(n)),
                format.formatted(value.applyAsDouble(f)), Double.isNaN(r) ? "–"
                        : name.startsWith("**") ? "**%.2f**".formatted(r) : "%.2f".formatted(r)));
    }

    private void text(StringBuilder md, String name, Function<List<RunResult>, String> value) {
        md.append("| %s | %s | %s | |\n".formatted(name, value.apply(nativeRuns), value.apply(facadeRuns)));
    }
}
