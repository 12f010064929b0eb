package dev.chatstream.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic task (checkpoints, heartbeats) that outlasts its period never runs twice at once. */
class BackgroundThreadsTest {

    @Test
    void aTickWhileTheLastRunIsStillGoingPasses() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Runnable tick = BackgroundThreads.oneAtATime(executor, () -> {
                if (runs.incrementAndGet() == 1) {
                    await(release);
                    firstDone.countDown();
                } else {
                    secondDone.countDown();
                }
            });

            tick.run();
            tick.run(); // the first run is still waiting: this tick passes
            tick.run();
            release.countDown();
            await(firstDone);
            assertEquals(1, runs.get());

            awaitStart(tick, secondDone); // once the first has finished, a tick runs it again
        }
    }

    /** The flag is cleared just after the run's last statement: tick until a second run has happened. */
    private static void awaitStart(Runnable tick, CountDownLatch done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.await(10, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no second run");
            }
            tick.run();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
