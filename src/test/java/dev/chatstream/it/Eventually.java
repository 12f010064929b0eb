package dev.chatstream.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waits for a state the server reaches in its own time (a saved reply, an expired ticket), polling. */
final class Eventually {

    private Eventually() {
    }

    /** Polls until {@code condition} holds; fails after {@code limit}. Returns as soon as it holds. */
    static void eventually(Duration limit, Supplier<Boolean> condition) throws InterruptedException {
        eventually(limit, condition, () -> "");
    }

    /** Like {@link #eventually(Duration, Supplier)}; a failure reports what {@code state} says then. */
    static void eventually(Duration limit, Supplier<Boolean> condition, Supplier<String> state) throws InterruptedException {
        eventually(limit, Duration.ofMillis(100), condition, state);
    }

    /** Like {@link #eventually(Duration, Supplier, Supplier)}, asking only every {@code interval}: for a costly condition. */
    static void eventually(Duration limit, Duration interval, Supplier<Boolean> condition, Supplier<String> state)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + limit + " " + state.get());
            }
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
        }
    }
}
