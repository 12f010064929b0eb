package dev.chatstream.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What one measured run saw, in microseconds (HdrHistogram, 3 significant digits). */
final class Stats {

    private final Histogram firstToken = new ConcurrentHistogram(3);
    private final Histogram gaps = new ConcurrentHistogram(3);
    private final Histogram totals = new ConcurrentHistogram(3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    void firstToken(long nanos) {
        firstToken.recordValue(nanos / 1_000);
    }

    void gap(long nanos) {
        gaps.recordValue(nanos / 1_000);
    }

    void outcome(StreamProbe.StreamOutcome outcome) {
        if (outcome.ok()) {
            completed.increment();
            totals.recordValue(outcome.nanos() / 1_000);
        } else {
            failures.computeIfAbsent(outcome.failure(), reason -> new AtomicLong()).incrementAndGet();
        }
        events.add(outcome.events());
    }

    Histogram firstTokens() {
        return firstToken;
    }

    Histogram gaps() {
        return gaps;
    }

    Histogram totals() {
        return totals;
    }

    long completed() {
        return completed.sum();
    }

    long failed() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long events() {
        return events.sum();
    }

    Map<String, Long> failureReasons() {
        Map<String, Long> reasons = new java.util.TreeMap<>();
        failures.forEach((reason, count) -> reasons.put(reason, count.get()));
        return reasons;
    }
}
