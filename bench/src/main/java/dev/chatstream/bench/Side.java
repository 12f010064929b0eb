package dev.chatstream.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/** The numbers of one target (through chatstream or direct) in one run, latencies in milliseconds. */
record Side(long completed, long failed, Map<String, Long> failures, long events, double seconds,
            double ttftP50, double ttftP99, double gapP50, double gapP99, double gapMax) {

    static Side of(Stats stats, double seconds) {
        return new Side(stats.completed(), stats.failed(), stats.failureReasons(), stats.events(), seconds,
                ms(stats.firstTokens(), 50), ms(stats.firstTokens(), 99), ms(stats.gaps(), 50), ms(stats.gaps(), 99),
                stats.gaps().getTotalCount() == 0 ? 0 : stats.gaps().getMaxValue() / 1000.0);
    }

    double eventsPerSecond() {
        return events / seconds;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
