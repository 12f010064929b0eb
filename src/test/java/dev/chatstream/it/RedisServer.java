package dev.chatstream.it;

import static dev.chatstream.it.Eventually.eventually;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on 127.0.0.1, keeping nothing on disk, that the test can stop and start
 * again on the same port (as an operator's restart would).
 */
final class RedisServer {

    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts one on {@code port}, its output appended to {@code log}; returns once it answers. */
    static RedisServer start(int port, Path log) throws IOException, InterruptedException {
        RedisServer redis = new RedisServer(port, log);
        redis.start();
        return redis;
    }

    int port() {
        return port;
    }

    /** Starts it (again) on its port; returns once it answers PING. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"))
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        eventually(Duration.ofSeconds(10), () -> process.isAlive() && Redis.answers(port),
                () -> "redis-server " + (process.isAlive() ? "does not answer" : "exited") + "; its log: " + log.toAbsolutePath());
    }

    /** Stops it (SIGTERM) and returns once the process has exited: every connection to it is gone. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
