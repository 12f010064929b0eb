package dev.chatstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process the benchmark starts, optionally pinned to CPU cores with {@code taskset}, and stops at the end. */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ServerProcess start(String name, List<String> command, String cores, Map<String, String> environment,
                               Path log) {
        List<String> full = new ArrayList<>();
        if (cores != null && !cores.isBlank()) {
            full.addAll(List.of("taskset", "-c", cores));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(name, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + full, e);
        }
    }

    /** When the process (the start script) was started, in milliseconds since the epoch. */
    long startedMillis() {
        return startMillis;
    }

    /** The JVM's pid: the start scripts {@code exec} java, and taskset execs its command too. */
    long pid() {
        return process.pid();
    }

    /**
     * Polls {@code url} until it answers 200 and returns the time since start: for chatstream, the time until
     * the WAR is deployed and serving its first request. Over HTTP/1.1, as the test suite's probe: a cleartext
     * HTTP/2 upgrade answered by Payara before deployment can leave the connection dead.
     */
    Duration awaitServing(URI url, String body, Duration limit) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = startNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5));
                request = body == null ? request.GET()
                        : request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(25); // polling a process we do not control; nothing to wait on instead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " did not serve " + url + " within " + limit);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
