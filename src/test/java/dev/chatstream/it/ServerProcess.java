package dev.chatstream.it;

import fish.payara.micro.PayaraMicro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * chatstream in a process of its own, for tests that kill a server, restart it or run several, and for the
 * suite's runs on WildFly and Open Liberty ({@link TargetServer}): the suite's server options
 * ({@code it.server.options}, so the fake upstream too), then the test's own (a later {@code -D} wins). Not
 * Arquillian: it deploys the WAR as built, listening on 127.0.0.1 only.
 */
final class ServerProcess {

    private static final Duration BOOT = Duration.ofSeconds(240); // three at once on two busy cores took over 120 s in CI

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts booting {@code server-config/<server>/start.sh} (wildfly, liberty) from the server installed at
     * {@code home}, on {@code port}, as an operator would; returns at once. Each run keeps its own server
     * directory under {@code serverDir}; {@code environment} adds to the script's.
     */
    static ServerProcess script(String server, Path home, Path serverDir, int port, Path log, List<String> options,
                                Map<String, String> environment) throws IOException {
        List<String> javaOptions = new ArrayList<>(suiteOptions());
        javaOptions.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(Path.of("server-config", server, "start.sh").toAbsolutePath().toString(),
                home.toString(), System.getProperty("it.war"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS", String.join(" ", javaOptions),
                "CHATSTREAM_HTTP_ADDRESS", "127.0.0.1",
                "CHATSTREAM_HTTP_PORT", Integer.toString(port),
                "CHATSTREAM_SERVER_DIR", serverDir.toString()));
        return new ServerProcess(server, port, log, builder.start());
    }

    /** Starts booting a server on {@code port} with these extra options, its output in {@code log}; returns at once. */
    static ServerProcess launch(String name, int port, Path log, List<String> options) throws IOException {
        Path microJar = Path.of(PayaraMicro.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(suiteOptions());
        command.addAll(options);
        command.addAll(List.of("-jar", microJar.toString(), "--deploy", System.getProperty("it.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--interfaces", "127.0.0.1",
                "--prebootcommandfile", System.getProperty("it.pre-boot-commands")));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CHATSTREAM_HTTP_ADDRESS", "127.0.0.1"); // read by the pre-boot commands
        return new ServerProcess(name, port, log, builder.start());
    }

    /**
     * Waits until the application answers (401 without a token), not merely until the port is open. Over HTTP/1.1,
     * because a probe can go unanswered while Payara deploys: over HTTP/1.1 the JDK client closes a timed-out
     * probe's connection, whereas a probe upgraded to cleartext HTTP/2 once left its connection dead and every
     * later probe was sent down it.
     */
    ServerProcess awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/assistants"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return this;
                }
            } catch (IOException notYet) {
                // still booting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        boolean hung = process.isAlive();
        String report = "server " + name + (hung ? " did not become ready within " + BOOT : " exited with " + process.exitValue())
                + "; its log: " + log.toAbsolutePath() + ", ending with:\n" + tail(log, 60);
        throw new AssertionError(hung ? report + "\n" + threads() : report);
    }

    /**
     * A server that does not come up or stops answering in CI leaves only this report behind: the threads of its
     * JVMs that were deploying, waiting for a lock or carrying a virtual thread (from jcmd's Thread.print; the
     * whole dump goes beside the log) show whether it was slow or stuck, and where.
     */
    String threads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        StringBuilder report = new StringBuilder();
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).forEach(jvm -> {
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(log.resolveSibling(log.getFileName() + "." + jvm.pid() + ".threads"), threads);
                for (String thread : threads.split("\n\n")) {
                    if (thread.startsWith("\"main\"") || thread.contains("BLOCKED") || thread.contains("Deploy")
                            || thread.contains("flyway") || thread.contains("Carrying virtual thread")) {
                        report.append(thread).append("\n\n");
                    }
                }
            } catch (IOException e) {
                report.append("(no thread dump of ").append(jvm.pid()).append(": ").append(e).append(")\n");
            }
        });
        return report.toString();
    }

    /** The last lines of a file: the cause of a failed boot is usually at its end. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    URL url() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server's output goes. */
    Path log() {
        return log;
    }

    Api api() {
        return new Api(url());
    }

    /** Stops the server as an operator would (SIGTERM to the start script and the JVM it runs). */
    void stop() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle each : all) {
            each.onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The JVM options every server of the suite gets ({@code it.server.options}). */
    private static List<String> suiteOptions() {
        return Arrays.asList(System.getProperty("it.server.options").trim().split("\\s+"));
    }

    /** SIGKILL: no shutdown hook, no last save. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("server " + name + " still runs 30 s after SIGKILL");
        }
    }

    /** A port that nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
