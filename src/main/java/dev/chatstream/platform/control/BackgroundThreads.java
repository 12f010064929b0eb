package dev.chatstream.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static jakarta.enterprise.concurrent.ContextServiceDefinition.ALL_REMAINING;
import static jakarta.enterprise.concurrent.ContextServiceDefinition.APPLICATION;

/**
 * Virtual threads that run application code outside requests: stream readers, saves, topic naming.
 * Jakarta EE 10 has no managed virtual threads (Concurrency 3.1, in EE 11, adds them), so on every server each
 * task runs with the application's context (class loader, naming) captured once at start; no user's security or
 * transaction context leaks into them. Tasks that need
 * no context, such as writing events to a connection, can run without it ({@link #contextFree()}).
 */
@ApplicationScoped
@ContextServiceDefinition(name = "java:app/concurrent/ApplicationContext",
        propagated = APPLICATION, cleared = ALL_REMAINING)
public class BackgroundThreads {

    @Resource(lookup = "java:app/concurrent/ApplicationContext")
    ContextService contextService;

    private Executor inApplicationContext;
    private ExecutorService virtualThreads;
    private ScheduledExecutorService timer;
    private volatile long lastTick = System.nanoTime();

    @PostConstruct
    void start() {
        inApplicationContext = contextService.currentContextExecutor();
        virtualThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("chatstream-", 0).factory());
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("chatstream-timer").factory());
        timer.scheduleAtFixedRate(() -> lastTick = System.nanoTime(), 1, 1, TimeUnit.SECONDS);
    }

    /** How long ago the timer that drives heartbeats and checkpoints last ran: large means it is stuck. */
    public Duration sinceLastTick() {
        return Duration.ofNanos(System.nanoTime() - lastTick);
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // created at deployment, so that the captured context is the application's own
    }

    /** Runs each task on a new virtual thread, in the application's context. */
    public Executor executor() {
        return task -> virtualThreads.execute(() -> inApplicationContext.execute(task));
    }

    /**
     * Runs each task on a new virtual thread without the application's context: for short tasks started per
     * event that need none, such as writing queued events to a connection. Setting the context up and tearing
     * it down cost more than such a task.
     */
    public Executor contextFree() {
        return virtualThreads;
    }

    public void run(Runnable task) {
        executor().execute(task);
    }

    /**
     * Runs {@code task} every {@code period} on a virtual thread; cancel the returned future to stop. A run that
     * outlasts the period makes the next ticks pass rather than start a second run beside it: under load a
     * checkpoint of thousands of replies took longer than its 2 s, and overlapping checkpoints fought over the
     * same rows and the connection pool (docs/performance.md).
     */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        Runnable tick = oneAtATime(executor(), task);
        return timer.scheduleAtFixedRate(tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code task} on {@code executor} unless its previous start is still running. */
    static Runnable oneAtATime(Executor executor, Runnable task) {
        AtomicBoolean running = new AtomicBoolean();
        return () -> {
            if (running.compareAndSet(false, true)) {
                executor.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        running.set(false);
                    }
                });
            }
        };
    }

    /**
     * Runs {@code task} once after {@code delay}, without the application's context: for a short task that needs
     * none, such as forgetting an ended generation. Every reply schedules one; setting the context up for each
     * took a quarter of the server's CPU outside the JIT while the replies of a burst expired (docs/performance.md).
     */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return timer.schedule(() -> contextFree().execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        virtualThreads.shutdownNow();
    }
}
