package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import fish.payara.micro.PayaraMicro;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server killed hard (SIGKILL) in the middle of a reply loses at most one checkpoint interval of text:
 * after a restart the question is stored and the partial reply is marked interrupted. Not an Arquillian
 * test: it must kill and restart the server process itself.
 */
class CrashRecoveryIT {

    private static final Duration BOOT = Duration.ofSeconds(120);
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void aServerKilledMidStreamKeepsTheQuestionAndThePartialReply() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "crash-");
        int port = freePort();
        String marker = "crash-" + UUID.randomUUID();
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            chunks.add("part" + i + " ");
        }
        Upstream.get().script(marker, Script.reply(chunks.toArray(String[]::new)).interval(Duration.ofMillis(100)));

        Process first = start(data, port, "first");
        Api api = new Api(new URL("http://127.0.0.1:" + port + "/"));
        String token = api.token("crash");
        CountDownLatch enough = new CountDownLatch(15);
        Api.Started started = api.startStream(token, Map.of("message", marker), event -> {
            if (event.type().equals("content")) {
                enough.countDown();
            }
        });
        CompletableFuture<StreamResult> reader = started.result();
        String replyId = started.replyId();
        assertTrue(enough.await(60, TimeUnit.SECONDS), "the reply is streaming");
        String dbUrl = dbUrl(data);
        Instant deadline = Instant.now().plusSeconds(20);
        while (storedText(dbUrl, replyId).isEmpty()) { // the checkpoint has written some text
            assertTrue(Instant.now().isBefore(deadline), "no checkpoint within 20 s");
            TimeUnit.MILLISECONDS.sleep(100);
        }

        first.destroyForcibly(); // SIGKILL: no shutdown hook, no last save
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        StreamResult cut = reader.handle((result, error) -> result).get(30, TimeUnit.SECONDS);
        start(data, port, "second");

        Map<String, Object> reply = Db.queryAt(dbUrl, "SELECT * FROM chat_message WHERE id = ?", UUID.fromString(replyId)).get(0);
        assertEquals("INTERRUPTED", reply.get("status"), "marked at the restart");
        String saved = (String) reply.get("content");
        assertFalse(saved.isEmpty());
        assertTrue(String.join("", chunks).startsWith(saved), "a prefix of the reply: " + saved);
        if (cut != null) {
            assertTrue(cut.content().startsWith(saved), "nothing stored that the user did not see");
        }
        assertEquals(1, Db.queryAt(dbUrl, "SELECT id FROM chat_message WHERE content = ? AND role = 'USER'", marker).size(),
                "the question survived");
        assertEquals("interrupted", api.stream(api.attachRequest(token, replyId, null)).last().text("finish_reason"));
    }

    private static String dbUrl(Path data) {
        return "jdbc:h2:file:" + data.toAbsolutePath() + "/chatstream;AUTO_SERVER=TRUE";
    }

    private static String storedText(String dbUrl, String replyId) {
        return (String) Db.queryAt(dbUrl, "SELECT content FROM chat_message WHERE id = ?", UUID.fromString(replyId)).get(0).get("content");
    }

    private Process start(Path data, int port, String name) throws IOException, InterruptedException {
        Path microJar = Path.of(PayaraMicro.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("it.server.options").trim().split("\\s+")));
        command.addAll(List.of("-Dchatstream.data-dir=" + data.toAbsolutePath(), "-Dchatstream.db.url=" + dbUrl(data),
                "-Dchatstream.stream.checkpoint=PT0.5S",
                "-jar", microJar.toString(), "--deploy", System.getProperty("it.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--interfaces", "127.0.0.1",
                "--prebootcommandfile", System.getProperty("it.pre-boot-commands")));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(name + "-server.log").toFile())
                .start();
        servers.add(server);
        awaitReady(port, server);
        return server;
    }

    /** Ready once the application answers (401 without a token), not merely once the port is open. */
    private static void awaitReady(int port, Process server) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline) && server.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/assistants"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("the server did not become ready within " + BOOT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
