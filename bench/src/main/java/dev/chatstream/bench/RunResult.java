package dev.chatstream.bench;

/**
 * One repeat of one workload at one concurrency: the baseline straight to the upstream, the same load through
 * chatstream, and what the server process spent meanwhile: CPU per relayed event net of idle, and the part of
 * it that the JIT compilers took (the JVM still compiling; it fades as a run goes on). "Added" numbers are
 * through-server minus direct. With {@code --cluster}, also what the redis-server process spent meanwhile
 * ({@code redis}, else null). {@code otherCores}: what processes other than the benchmark's own (server, upstream,
 * load generator, Redis) used of the machine's CPU during the run through chatstream, in cores.
 */
record RunResult(String workload, int concurrency, int repeat, Side direct, Side server,
                 double cpuMicrosPerEvent, double jitMicrosPerEvent, int maxThreads, long maxRssBytes,
                 int maxOpenStreams, double otherCores, RedisCost redis) {

    /**
     * Redis's CPU time per relayed event, net of its idle use, the commands it ran per event (from every
     * client: the count shows whether something else used it meanwhile), and the errors it answered.
     */
    record RedisCost(double cpuMicrosPerEvent, double commandsPerEvent, long errorReplies) {
    }

    double addedTtftP50() {
        return server.ttftP50() - direct.ttftP50();
    }

    double addedTtftP99() {
        return server.ttftP99() - direct.ttftP99();
    }

    double addedGapP50() {
        return server.gapP50() - direct.gapP50();
    }

    double addedGapP99() {
        return server.gapP99() - direct.gapP99();
    }

    boolean clean() {
        return server.failed() == 0 && direct.failed() == 0;
    }
}
