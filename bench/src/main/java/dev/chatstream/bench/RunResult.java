package dev.chatstream.bench;

/**
 * One repeat of one workload at one concurrency: the baseline straight to the upstream, the same load through
 * chatstream, and what the server process spent meanwhile: CPU per relayed event net of idle, and the part of
 * it that the JIT compilers took (the JVM still compiling; it fades as a run goes on). "Added" numbers are
 * through-server minus direct.
 */
record RunResult(String workload, int concurrency, int repeat, Side direct, Side server,
                 double cpuMicrosPerEvent, double jitMicrosPerEvent, int maxThreads, long maxRssBytes,
                 int maxOpenStreams) {

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
