package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.chatstream.testing.Script;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client against the OpenAI-compatible facade: {@code src/test/node}, installed
 * with {@code npm ci} into {@code target/node} once per run and run there with {@code node --test}. This class
 * scripts the fake model for the replies that test expects, holds every concurrent place of a second user so that
 * it meets a 429, frees one when it asks (see {@code openai-sdk.test.mjs} for the hand-over), and checks the
 * server's side afterwards: what was stored, and that an aborted stream's reply was cancelled. On every server, as
 * {@link OpenAiJavaClientIT}: a hung-up client is noticed, and events are flushed, by each server in its own way.
 *
 * <p>Without Node.js and npm the test is skipped, except where it is required: in CI and with
 * {@code -Dit.node.required}.
 */
@Tag("every-server")
class OpenAiNodeClientIT extends ServerIT {

    /** The cases of openai-sdk.test.mjs: all of them must run and pass. */
    private static final int NODE_CASES = 9;
    private static final int PLACES_PER_USER = 3; // chatstream.limits.concurrent-per-user

    private static final Path SOURCES = Path.of(System.getProperty("it.node.sources", "src/test/node"));
    private static final Path WORK = Path.of(System.getProperty("it.node.dir", "target/node"));
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "openai-sdk.test.mjs");
    private static final String NODE = System.getProperty("it.node", "node");
    private static final String NPM = System.getProperty("it.npm", "npm");

    @BeforeAll
    static void installTheClient() throws IOException, InterruptedException {
        boolean required = System.getenv("CI") != null || System.getProperty("it.node.required") != null;
        String missing = missing();
        if (missing != null) {
            assertFalse(required, "Node.js and npm are required here (" + missing + "): apt-get install nodejs npm");
            Assumptions.abort("Node.js or npm is not installed (" + missing + "): apt-get install nodejs npm");
        }
        Files.createDirectories(WORK);
        boolean installed = Files.isDirectory(WORK.resolve("node_modules/openai"))
                && Files.exists(WORK.resolve("package-lock.json"))
                && Files.mismatch(SOURCES.resolve("package-lock.json"), WORK.resolve("package-lock.json")) == -1;
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!installed) {
            Path log = WORK.resolve("npm-ci.log");
            int exit = run(List.of(NPM, "ci", "--no-audit", "--no-fund"), Map.of(), log, Duration.ofMinutes(5));
            assertEquals(0, exit, "npm ci failed in " + WORK + ":\n" + Files.readString(log));
        }
    }

    /** What of node and npm is not there, or null. */
    private static String missing() throws InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of(NODE, NPM)) {
            try {
                Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    missing.add(tool + " does not run");
                }
            } catch (IOException e) {
                missing.add(tool + " not found");
            }
        }
        return missing.isEmpty() ? null : String.join(", ", missing);
    }

    /** Runs a command in {@link #WORK}, its whole output into {@code log}; returns its exit code. */
    private static int run(List<String> command, Map<String, String> environment, Path log, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not end within " + limit + ":\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    private String apiKey(String token) {
        return expect(201, api.post("api/v1/api-keys", token, "{\"name\":\"openai npm\"}")).path("key").asText();
    }

    @Test
    void theOfficialNodeClientStreamsAbortsAndBacksOff() throws Exception {
        String run = "node-" + UUID.randomUUID();
        upstream.script(run + "-stream", Script.reply("Hello", ", ", "world", "!").interval(Duration.ofMillis(20)));
        upstream.script(run + "-once", Script.reply("All ", "at ", "once").usage(9, 3));
        upstream.script(run + "-usage", Script.reply("Counted").usage(12, 3));
        upstream.script(run + "-abort", Script.reply(IntStream.range(0, 100).mapToObj(i -> "tick " + i + " ").toArray(String[]::new))
                .interval(Duration.ofMillis(100)));
        upstream.script(run + "-retried", Script.reply("Room ", "at ", "last"));
        String token = api.token("node-" + UUID.randomUUID());
        String busyToken = api.token("node-busy-" + UUID.randomUUID());

        // Every place of the busy user taken by a reply that goes on for two minutes, a chunk every half second:
        // never idle long enough for the model's timeouts, so the places stay taken until this test frees them.
        List<Api.Started> held = new ArrayList<>();
        String[] slow = Script.words(".".repeat(240), 1);
        for (int i = 0; i < PLACES_PER_USER; i++) {
            String marker = run + "-hold-" + i;
            upstream.script(marker, Script.reply(slow).interval(Duration.ofMillis(500)));
            held.add(api.startStream(busyToken, api.inNamedSession(busyToken, marker)));
        }

        AtomicInteger freed = new AtomicInteger();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        control.createContext("/free-place", exchange -> {
            int status = 204;
            try {
                int next = freed.getAndIncrement();
                if (next < held.size()) {
                    Api.Started holder = held.get(next);
                    expect(200, api.post("api/v1/chat/streams/" + holder.replyId() + "/cancel", busyToken, ""));
                    holder.result().get(20, TimeUnit.SECONDS); // its stream has ended: the place is free
                }
            } catch (Exception | AssertionError e) {
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        control.start();

        try {
            runNodeAndCheck(run, token, busyToken, control, freed);
        } finally {
            control.stop(0);
            for (Api.Started holder : held) {
                api.post("api/v1/chat/streams/" + holder.replyId() + "/cancel", busyToken, ""); // the ones still going
            }
        }
        for (Api.Started holder : held) {
            assertEquals("cancelled", holder.result().get(20, TimeUnit.SECONDS).last().text("finish_reason"));
        }
    }

    private void runNodeAndCheck(String run, String token, String busyToken, HttpServer control, AtomicInteger freed)
            throws Exception {
        Path report = WORK.resolve("report-" + run + ".jsonl");
        Path output = WORK.resolve("openai-sdk-" + System.getProperty("arquillian.launch", "run") + ".tap");
        Files.deleteIfExists(report);
        Files.createFile(report);
        int exit = run(List.of(NODE, "--test", "--test-reporter=tap", "openai-sdk.test.mjs"), Map.of(
                "CHATSTREAM_BASE_URL", base + "openai/v1",
                "CHATSTREAM_API_KEY", apiKey(token),
                "CHATSTREAM_BUSY_API_KEY", apiKey(busyToken),
                "CHATSTREAM_MARKER", run,
                "CHATSTREAM_CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort(),
                "CHATSTREAM_REPORT", report.toAbsolutePath().toString()), output, Duration.ofMinutes(3));

        String tap = Files.readString(output);
        Map<String, Integer> summary = summary(tap);
        List<String> failed = tap.lines().filter(line -> line.startsWith("not ok ")).toList();
        assertAll("node --test (output in " + output + ")",
                () -> assertEquals(List.of(), failed, tap),
                () -> assertEquals(0, exit, tap),
                () -> assertEquals(NODE_CASES, summary.getOrDefault("tests", -1), "every case ran: " + summary),
                () -> assertEquals(NODE_CASES, summary.getOrDefault("pass", -1), "every case passed: " + summary),
                () -> assertEquals(0, summary.getOrDefault("skipped", -1) + summary.getOrDefault("todo", -1)
                        + summary.getOrDefault("cancelled", -1), "none skipped or cancelled: " + summary));

        Map<String, JsonNode> cases = new HashMap<>();
        Files.readAllLines(report).forEach(line -> cases.put(Api.read(line).path("case").asText(), Api.read(line)));

        JsonNode streamed = messages(token, cases.get("stream").path("session").asText());
        assertEquals(List.of(run + "-stream", "Hello, world!"), field(streamed, "content"), "stored: " + streamed);
        assertEquals(List.of("user", "assistant"), field(streamed, "role"));
        assertEquals("complete", streamed.get(1).path("status").asText());

        upstream.connectionClosed(run + "-abort").get(20, TimeUnit.SECONDS); // the generation was stopped upstream
        String aborted = cases.get("abort").path("session").asText();
        Eventually.eventually(Duration.ofSeconds(20), () -> "cancelled".equals(messages(token, aborted).path(1).path("status").asText()),
                () -> "the aborted reply as stored: " + messages(token, aborted));
        JsonNode cancelled = messages(token, aborted);
        assertEquals(2, cancelled.size(), "the message and its reply: " + cancelled);
        assertEquals(run + "-abort", cancelled.get(0).path("content").asText());
        assertTrue(cancelled.get(1).path("content").asText().startsWith("tick 0 "), "what was generated is kept: " + cancelled);
        assertFalse(cancelled.get(1).path("content").asText().contains("tick 99"), "not generated to the end: " + cancelled);

        assertEquals(1, freed.get(), "one place freed, after the first 429 of the retrying client");
        assertTrue(upstream.requestsContaining(run + "-refused").isEmpty(), "a refused request does not reach the model");
    }

    /** The counts at the end of node's TAP output: {@code # tests 9}, {@code # pass 9}, {@code # fail 0}, ... */
    private static Map<String, Integer> summary(String tap) {
        Map<String, Integer> counts = new HashMap<>();
        Matcher matcher = Pattern.compile("(?m)^# (tests|suites|pass|fail|cancelled|skipped|todo) (\\d+)$").matcher(tap);
        while (matcher.find()) {
            counts.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
        return counts;
    }

    private JsonNode messages(String token, String sessionId) {
        return expect(200, api.get("api/v1/sessions/" + sessionId + "/messages", token)).path("data");
    }

    private static List<String> field(JsonNode messages, String name) {
        return StreamSupport.stream(messages.spliterator(), false).map(message -> message.path(name).asText()).toList();
    }
}
