package dev.chatstream.cluster.control;

import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.platform.control.ServerInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real Redis (127.0.0.1:6379) under a key prefix of one test's own, as several servers see it:
 * each {@link #connect()} is another server's connections. {@link #close()} deletes the prefix's keys.
 */
final class LocalRedis implements AutoCloseable {

    final String prefix = "chatstream-test-" + UUID.randomUUID() + ":";
    final TestThreads threads = new TestThreads();
    private final List<Redis> servers = new ArrayList<>();

    /** The connections of one more server. */
    Redis connect() {
        Redis redis = new Redis();
        redis.url = Optional.of("redis://127.0.0.1:6379");
        redis.prefix = prefix;
        redis.timeout = Duration.ofSeconds(2);
        redis.publishBuffer = 1000;
        redis.instance = new ServerInstance();
        redis.connect();
        servers.add(redis);
        return redis;
    }

    @Override
    public void close() {
        if (!servers.isEmpty()) {
            List<String> keys = servers.get(0).commands().sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                servers.get(0).commands().sync().del(keys.toArray(String[]::new));
            }
        }
        servers.forEach(Redis::close);
        threads.timer.shutdownNow();
    }

    /** Background threads without a container: virtual threads and a plain timer. */
    static final class TestThreads extends BackgroundThreads {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Executor virtual = Executors.newVirtualThreadPerTaskExecutor();

        @Override
        public Executor executor() {
            return virtual;
        }

        @Override
        public Executor contextFree() {
            return virtual;
        }

        @Override
        public ScheduledFuture<?> every(Duration period, Runnable task) {
            return timer.scheduleAtFixedRate(() -> virtual.execute(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public ScheduledFuture<?> after(Duration delay, Runnable task) {
            return timer.schedule(() -> virtual.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
