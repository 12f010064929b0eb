package dev.chatstream.models.control;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One provider's circuit breaker over its stream openings, with MicroProfile Fault Tolerance's rules: over the
 * last {@code requestVolume} openings, a share of failures of at least {@code failureRatio} opens it; open, it
 * refuses every opening for {@code delay}; then one trial opening is let through, which closes it again or
 * reopens it. MP FT keeps one breaker per annotated method, not one per configured provider — hence this class.
 */
public final class ProviderCircuit {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final ProviderSettings.Circuit settings;
    private final LongSupplier nanoClock;
    private final boolean[] window;
    private int recorded;
    private int next;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean trialRunning;

    public ProviderCircuit(ProviderSettings.Circuit settings) {
        this(settings, System::nanoTime);
    }

    ProviderCircuit(ProviderSettings.Circuit settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.window = new boolean[settings.requestVolume()];
    }

    /** Whether an opening may be tried now; when half open, only the one trial may. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN) {
            if (nanoClock.getAsLong() - openedAt < settings.delay().toNanos()) {
                return false;
            }
            state = State.HALF_OPEN;
            trialRunning = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialRunning) {
                return false;
            }
            trialRunning = true;
        }
        return true;
    }

    public synchronized void succeeded() {
        if (state == State.HALF_OPEN) {
            close();
            return;
        }
        record(false);
        openIfFailing();
    }

    public synchronized void failed() {
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        record(true);
        openIfFailing();
    }

    /** As MP FT decides, after every call once the window is full. */
    private void openIfFailing() {
        if (recorded == window.length && failures >= Math.ceil(settings.failureRatio() * window.length)) {
            open();
        }
    }

    /** An opening ended without a verdict on the provider (the server is stopping): a trial may run again. */
    public synchronized void abandoned() {
        trialRunning = false;
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= settings.delay().toNanos()) {
            return State.HALF_OPEN; // the next opening will be the trial
        }
        return state;
    }

    /** Open: no opening is tried until the delay has passed. */
    public boolean isOpen() {
        return state() == State.OPEN;
    }

    Duration delay() {
        return settings.delay();
    }

    private void record(boolean failure) {
        if (recorded == window.length && window[next]) {
            failures--;
        }
        window[next] = failure;
        if (failure) {
            failures++;
        }
        next = (next + 1) % window.length;
        recorded = Math.min(recorded + 1, window.length);
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
        trialRunning = false;
    }

    private void close() {
        state = State.CLOSED;
        trialRunning = false;
        recorded = 0;
        next = 0;
        failures = 0;
        java.util.Arrays.fill(window, false);
    }
}
