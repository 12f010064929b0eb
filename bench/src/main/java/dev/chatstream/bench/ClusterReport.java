package dev.chatstream.bench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code --cluster} measured: (b) on a single server and on a server in cluster mode, side by side with
 * the ratios; Redis's memory per open stream and per kept reply; the resume of a long reply on a second server.
 * Filled in as the comparison goes (bench/README.md, "Cluster mode").
 */
final class ClusterReport {

    /** One mode's server: how it started, idled and ran (b), and what its logs and metrics said. */
    record ServerSide(String mode, double readySeconds, long idleCpuMicrosPerSecond,
                      long redisIdleCpuMicrosPerSecond, String loadBefore, String loadAfter, List<RunResult> runs,
                      String journalMetrics, long logWarnings, long logErrors) {
        RunResult median() {
            return Report.median(runs);
        }
    }

    /**
     * Redis's {@code used_memory} before {@code streams} streams of (b) start (no reply of this run's kept), once
     * they are all open, and once all have ended (their journals kept for the retention); and
     * {@code MEMORY USAGE} / entries of a few of those reply streams.
     */
    record RedisMemory(int streams, int openAtPeak, long before, long atPeak, long afterEnd, long completed,
                       long failed, List<Long> replyKeyBytes, List<Long> replyKeyEntries) {
        double perOpenStreamKb() {
            return (atPeak - before) / 1024.0 / Math.max(1, openAtPeak);
        }

        double perKeptReplyKb() {
            return (afterEnd - before) / 1024.0 / Math.max(1, completed);
        }
    }

    /** The second server (B), the reply it was asked for and what it answered. */
    record Resume(double readySeconds, String reply, List<ResumeProbe.Way> ways, String journalMetrics,
                  long logWarnings, long logErrors) {
    }

    private final String redisUri;
    private final String redisVersion;
    private final String keyPrefix;
    private final int streams;
    private ServerSide single;
    private ServerSide cluster;
    private RedisMemory memory;
    private Resume resume;
    private int keysDeleted = -1;

    ClusterReport(String redisUri, String redisVersion, String keyPrefix, int streams) {
        this.redisUri = redisUri;
        this.redisVersion = redisVersion;
        this.keyPrefix = keyPrefix;
        this.streams = streams;
    }

    void single(ServerSide side) {
        single = side;
    }

    void cluster(ServerSide side) {
        cluster = side;
    }

    void memory(RedisMemory memory) {
        this.memory = memory;
    }

    void resume(Resume resume) {
        this.resume = resume;
    }

    void keysDeleted(int deleted) {
        keysDeleted = deleted;
    }

    // read by Jackson for report.json
    public String getRedisUri() {
        return redisUri;
    }

    public String getRedisVersion() {
        return redisVersion;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public int getStreams() {
        return streams;
    }

    public ServerSide getSingle() {
        return single;
    }

    public ServerSide getCluster() {
        return cluster;
    }

    public RedisMemory getMemory() {
        return memory;
    }

    public Resume getResume() {
        return resume;
    }

    public int getKeysDeleted() {
        return keysDeleted;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("\n## Cluster mode against a single server: (b) at %d streams\n\n".formatted(streams));
        md.append("Each mode on a chatstream started afresh (its own data directory) with the same warm-up; cluster mode with Redis %s at %s, keys under `%s`%s.\n\n"
                .formatted(redisVersion, redisUri, keyPrefix,
                        keysDeleted >= 0 ? " (%d left at the end, deleted)".formatted(keysDeleted) : ""));
        if (single == null || cluster == null) {
            md.append("Incomplete: ").append(single == null ? "the single server's run" : "the cluster run").append(" did not finish.\n");
            return md.toString();
        }
        RunResult s = single.median();
        RunResult c = cluster.median();
        md.append("| median run of %d | single server | cluster mode | cluster ÷ single |\n|---|---|---|---|\n".formatted(single.runs().size()));
        row(md, "added TTFT p50", "%.2f ms", s.addedTtftP50(), c.addedTtftP50());
        row(md, "**added TTFT p99**", "%.2f ms", s.addedTtftP99(), c.addedTtftP99());
        row(md, "added gap p50", "%.2f ms", s.addedGapP50(), c.addedGapP50());
        row(md, "**added gap p99**", "%.2f ms", s.addedGapP99(), c.addedGapP99());
        md.append("| spread of added TTFT p99 / gap p99 | %s / %s | %s / %s | |\n".formatted(
                Report.spread(single.runs(), RunResult::addedTtftP99), Report.spread(single.runs(), RunResult::addedGapP99),
                Report.spread(cluster.runs(), RunResult::addedTtftP99), Report.spread(cluster.runs(), RunResult::addedGapP99)));
        md.append("| direct TTFT p50 / gap p99 (the baseline) | %.1f / %.1f ms | %.1f / %.1f ms | |\n".formatted(
                s.direct().ttftP50(), s.direct().gapP99(), c.direct().ttftP50(), c.direct().gapP99()));
        md.append("| completed (server/direct) / failed | %d / %d / %d | %d / %d / %d | |\n".formatted(
                s.server().completed(), s.direct().completed(), s.server().failed() + s.direct().failed(),
                c.server().completed(), c.direct().completed(), c.server().failed() + c.direct().failed()));
        md.append("| events/s | %.0f | %.0f | |\n".formatted(s.server().eventsPerSecond(), c.server().eventsPerSecond()));
        row(md, "server CPU µs/event (net of idle)", "%.1f", s.cpuMicrosPerEvent(), c.cpuMicrosPerEvent());
        md.append("| of which JIT compiling | %.1f | %.1f | |\n".formatted(s.jitMicrosPerEvent(), c.jitMicrosPerEvent()));
        md.append("| **Redis CPU µs/event** (net of idle; single: other clients' use) | %.2f | %.2f | |\n".formatted(
                redisCpu(s), redisCpu(c)));
        md.append("| Redis commands/event (every client) | %.2f | %.2f | |\n".formatted(redisCommands(s), redisCommands(c)));
        md.append("| Redis error replies over the runs (every client) | %d | %d | |\n".formatted(redisErrors(single.runs()),
                redisErrors(cluster.runs())));
        md.append("| max RSS / threads | %d MB / %d | %d MB / %d | |\n".formatted(s.maxRssBytes() >> 20, s.maxThreads(),
                c.maxRssBytes() >> 20, c.maxThreads()));
        md.append("| server ready / idle CPU | %.1f s / %.1f ms/s | %.1f s / %.1f ms/s | |\n".formatted(
                single.readySeconds(), single.idleCpuMicrosPerSecond() / 1000.0, cluster.readySeconds(),
                cluster.idleCpuMicrosPerSecond() / 1000.0));
        md.append("| Redis idle CPU | %.2f ms/s | %.2f ms/s | |\n".formatted(single.redisIdleCpuMicrosPerSecond() / 1000.0,
                cluster.redisIdleCpuMicrosPerSecond() / 1000.0));
        md.append("| other processes' CPU during the runs through chatstream (cores; min – max) | %s | %s | |\n".formatted(
                Report.otherCores(single.runs()), Report.otherCores(cluster.runs())));
        md.append("| load average at start → end | %s → %s | %s → %s | |\n".formatted(single.loadBefore(),
                single.loadAfter(), cluster.loadBefore(), cluster.loadAfter()));
        md.append("| server log: warnings / errors | %d / %d | %d / %d | |\n".formatted(single.logWarnings(),
                single.logErrors(), cluster.logWarnings(), cluster.logErrors()));
        md.append("\nCluster server's journal at the end: `").append(cluster.journalMetrics().replace("\n", "`, `")).append("`\n");
        if (memory != null) {
            md.append("\n### Redis memory\n\n");
            md.append("%d streams of (b), started over half an answer; `used_memory` %.2f MB before (no reply of this run kept), %.2f MB with %d open: **%.1f KB per open stream** (its journal so far, its user's rate bucket and lease); %.2f MB once all had ended: **%.1f KB per kept reply** until `chatstream.stream.retention` (2 min) after its end (%d completed, %d failed).\n"
                    .formatted(memory.streams(), memory.before() / 1048576.0, memory.atPeak() / 1048576.0,
                            memory.openAtPeak(), memory.perOpenStreamKb(), memory.afterEnd() / 1048576.0,
                            memory.perKeptReplyKb(), memory.completed(), memory.failed()));
            md.append("`MEMORY USAGE` of %d of those reply streams: %s bytes (%s entries).\n".formatted(
                    memory.replyKeyBytes().size(), join(memory.replyKeyBytes()), join(memory.replyKeyEntries())));
        }
        if (resume != null) {
            md.append("\n### Resume on another server of the cluster\n\n");
            md.append("A second chatstream (B: same data directory, database, Redis and key prefix; started from payara-micro.jar, ready in %.1f s) is asked for replies the first (A) writes: `%s`. Time from B's request to its first event, median of the tries (min – max; first try):\n\n"
                    .formatted(resume.readySeconds(), resume.reply()));
            md.append("| reply | Last-Event-ID | events | tries | **time to first event** | ids gapless | events identical to A's | text equals A's | problems |\n|---|---|---|---|---|---|---|---|---|\n");
            for (ResumeProbe.Way way : resume.ways()) {
                md.append("| %s | %s | %d | %d | %s | %d/%d | %d/%d | %d/%d | %s |\n".formatted(way.name(), way.lastEventId(),
                        way.events(), way.tries(), millis(way), way.gapless(), way.tries(), way.identical(), way.tries(),
                        way.textEqual(), way.tries(), way.problems().isEmpty() ? "–"
                                : way.problems().stream().distinct().limit(3).collect(Collectors.joining("; "))));
            }
            md.append("\nB's log: %d warnings, %d errors; its journal: `%s`\n".formatted(resume.logWarnings(),
                    resume.logErrors(), resume.journalMetrics().replace("\n", "`, `")));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String format, double single, double cluster) {
        String ratio = single > 0 && cluster >= 0 ? "%.2f".formatted(cluster / single) : "–";
        md.append("| ").append(name).append(" | ").append(format.formatted(single)).append(" | ")
                .append(format.formatted(cluster)).append(" | ").append(name.startsWith("**") ? "**" + ratio + "**" : ratio)
                .append(" |\n");
    }

    private static double redisCpu(RunResult run) {
        return run.redis() == null ? Double.NaN : run.redis().cpuMicrosPerEvent();
    }

    private static double redisCommands(RunResult run) {
        return run.redis() == null ? Double.NaN : run.redis().commandsPerEvent();
    }

    private static long redisErrors(List<RunResult> runs) {
        return runs.stream().filter(run -> run.redis() != null).mapToLong(run -> run.redis().errorReplies()).sum();
    }

    private static String millis(ResumeProbe.Way way) {
        if (way.firstEventMillis().isEmpty()) {
            return "–";
        }
        double min = way.firstEventMillis().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = way.firstEventMillis().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return "**%.1f ms** (%.1f – %.1f; %.1f)".formatted(way.medianMillis(), min, max, way.firstEventMillis().getFirst());
    }

    private static String join(List<Long> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
