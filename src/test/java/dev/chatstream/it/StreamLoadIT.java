package dev.chatstream.it;

import static dev.chatstream.it.Eventually.eventually;
import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Many readers at once: clients that leave, a client that cannot keep up, a server at its limit. */
class StreamLoadIT extends ServerIT {


    private static ProcessHandle server() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains("arquillian-payara-micro"))
                .findFirst().orElseThrow(() -> new AssertionError("the Arquillian-managed server process is not found"));
    }

    /** The server's platform threads at one moment (virtual threads are not OS threads). */
    private record ThreadCensus(Map<String, Long> byName, int carriers) {

        /** The JVM's garbage-collector and compiler threads, by the names the OS keeps. */
        private static final Pattern JVM_WORKERS = Pattern.compile("GC Thread#|G1 |C1 CompilerThre|C2 CompilerThre");

        /**
         * Reads the size of the virtual threads' carrier pool with jcmd first (the first attach starts the
         * server's "Attach Listener" thread for good), then the live threads from /proc, counted by name without
         * trailing digits, so that a failure says which pool grew. The OS keeps a name's first 15 characters.
         */
        static ThreadCensus of(ProcessHandle server) {
            int carriers = carrierPoolSize(server);
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(server.pid()), "task"))) {
                return new ThreadCensus(tasks.map(ThreadCensus::name).flatMap(Optional::stream)
                        .collect(Collectors.groupingBy(name -> name.replaceAll("\\d+$", ""), TreeMap::new, Collectors.counting())),
                        carriers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Platform threads other than carriers and the JVM's own workers. The carriers' pool grows to the busiest
         * moment so far, up to its configured size, and does not shrink while the server's one-second
         * ticks keep it from idling: carriers a busier second round added stay, and are not a leak. The JVM starts
         * garbage-collector and compiler threads on demand, up to a number set by the machine's cores.
         */
        long others() {
            return byName.entrySet().stream().filter(pool -> !JVM_WORKERS.matcher(pool.getKey()).lookingAt())
                    .mapToLong(Map.Entry::getValue).sum() - carriers;
        }

        private static int carrierPoolSize(ProcessHandle server) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process process = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "Thread.vthread_scheduler")
                        .redirectErrorStream(true).start();
                String scheduler = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, process.waitFor(), scheduler);
                Matcher size = Pattern.compile("size = (\\d+)").matcher(scheduler);
                assertTrue(size.find(), scheduler);
                return Integer.parseInt(size.group(1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static Optional<String> name(Path task) {
            try {
                return Optional.of(Files.readString(task.resolve("comm")).strip());
            } catch (IOException ended) { // the thread ended between the listing and the read
                return Optional.empty();
            }
        }
    }

    @Test
    void twentyClientsLeavingAtRandomPointsLeaveTwentyCompleteRepliesAndNoLeaks() throws Exception {
        twentyClientsLeaveAtRandomPoints("warm-up"); // pools (HTTP threads, upstream connections) grow to their working size
        ProcessHandle server = server();
        ThreadCensus threadsBefore = ThreadCensus.of(server);

        twentyClientsLeaveAtRandomPoints("measured");

        // every call gives its connection back, whether it ended the pool keeps it idle or closes it
        eventually(Duration.ofSeconds(30), () -> busyUpstreamConnections() == 0,
                () -> "(" + busyUpstreamConnections() + " upstream connections still busy)");
        // a leak would cost a thread per leaving client; pools that grew a little busier than in the warm-up do not
        eventually(Duration.ofSeconds(30), () -> ThreadCensus.of(server).others() <= threadsBefore.others() + 5,
                () -> "(platform threads after the warm-up: " + threadsBefore + ", now: " + ThreadCensus.of(server) + ")");
    }

    private double busyUpstreamConnections() {
        return Stream.of("default", "fallback")
                .mapToDouble(provider -> api.sample("chatstream_upstream_connections", "provider=\"" + provider + "\"",
                        "state=\"busy\"").orElseThrow(() -> new AssertionError("no busy connections gauge for " + provider)))
                .sum();
    }

    private void twentyClientsLeaveAtRandomPoints(String round) throws Exception {
        String run = round + "-" + UUID.randomUUID();
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            text.add("t" + i + " ");
        }
        Random random = new Random(42);
        List<CompletableFuture<StreamResult>> readers = new ArrayList<>();
        for (int client = 0; client < 20; client++) {
            String marker = "leave-" + client + "-" + run;
            upstream.script(marker, Script.reply(text.toArray(String[]::new)).interval(Duration.ofMillis(40)));
            String token = api.token("leaver-" + client + "-" + run);
            int leaveAfter = random.nextInt(25);
            int[] seen = new int[1];
            readers.add(api.streamAsync(api.streamRequest(token, Map.of("message", marker)),
                    event -> !event.type().equals("content") || ++seen[0] <= leaveAfter));
        }
        List<UUID> replies = new ArrayList<>();
        for (CompletableFuture<StreamResult> reader : readers) {
            replies.add(UUID.fromString(reader.get(60, TimeUnit.SECONDS).start().path("reply_id").asText()));
        }
        eventually(Duration.ofSeconds(60), () -> replies.stream().allMatch(id -> "COMPLETE".equals(Db.message(id).get("status"))));
        for (UUID reply : replies) {
            assertEquals(String.join("", text), Db.message(reply).get("content"));
        }
    }

    @Test
    void aReaderThatCannotKeepUpIsCutOffWithoutSlowingTheOthers() throws Exception {
        String marker = "flood-" + UUID.randomUUID();
        String big = "x".repeat(4000);
        String[] chunks = new String[5000];
        java.util.Arrays.fill(chunks, big);
        // 5,000 events of 4 KB, 2 ms apart: about 20 MB, more than the sockets' buffers can hold
        upstream.script(marker, Script.reply(chunks).firstChunkDelay(Duration.ofMillis(500)).interval(Duration.ofMillis(2)));
        String token = api.token("flood-" + marker);
        String session = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"flood\"}")).path("id").asText();

        Api.Started started = api.startStream(token, Map.of("message", marker, "session_id", session));
        CompletableFuture<StreamResult> fast = started.result();
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/v1/chat/streams/" + started.replyId() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            StreamResult whole = fast.get(60, TimeUnit.SECONDS); // while the slow reader reads nothing at all
            assertEquals("done", whole.last().type());
            assertEquals(5000 * big.length(), whole.content().length());

            InputStream in = slow.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String tail = received.toString(StandardCharsets.UTF_8);
            tail = tail.substring(Math.max(0, tail.length() - 2000));
            assertTrue(tail.contains("\"code\":\"reader_too_slow\""), "cut off with an error event: " + tail.substring(Math.max(0, tail.length() - 300)));
            assertTrue(tail.contains("\"retryable\":true"));
        }
        // H2 keeps a text in its table's pages: left there, this 20 MB reply would be read again by every later
        // insert into chat_message (docs/operations.md), 20 MB at a time per concurrent writer
        expect(204, api.delete("api/v1/sessions/" + session, token));
    }

    @Test
    void aServerAtItsLimitRefusesNewRepliesWithServiceUnavailable() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String[]> running = new ArrayList<>();
        List<CompletableFuture<StreamResult>> readers = new ArrayList<>();
        for (int i = 0; i < 24; i++) { // chatstream.limits.concurrent-total in this suite
            String token = api.token("full-" + (i / 3) + "-" + run);
            String marker = "full-" + i + "-" + run;
            upstream.script(marker, Script.reply("late").hang());
            String session = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"full\"}")).path("id").asText();
            Api.Started started = api.startStream(token, Map.of("message", marker, "session_id", session));
            readers.add(started.result());
            running.add(new String[] {token, started.replyId()});
        }
        try {
            StreamResult refused = api.stream(api.token("one-too-many-" + run), Map.of("message", "is there room?"));
            assertEquals(503, refused.status());
            assertEquals("server_busy", Api.read(refused.errorBody()).path("error").path("code").asText());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertTrue(busyUpstreamConnections() >= 24, "each waiting reply holds its connection: " + busyUpstreamConnections());
        } finally {
            for (String[] generation : running) {
                api.post("api/v1/chat/streams/" + generation[1] + "/cancel", generation[0], "");
            }
        }
        for (CompletableFuture<StreamResult> reader : readers) {
            assertEquals("cancelled", reader.get(30, TimeUnit.SECONDS).last().text("finish_reason"));
        }
        eventually(Duration.ofSeconds(30), () -> busyUpstreamConnections() == 0,
                () -> "(" + busyUpstreamConnections() + " upstream connections still busy after the cancels)");
        assertEquals("done", api.stream(api.token("room-again-" + run), Map.of("message", "room now?")).last().type());
    }
}
