package dev.chatstream.it;

import static dev.chatstream.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.kill();
        }
    }

    @Test
    void aServerKilledMidStreamKeepsTheQuestionAndThePartialReply() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "crash-");
        int port = ServerProcess.freePort();
        String marker = "crash-" + UUID.randomUUID();
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            chunks.add("part" + i + " ");
        }
        Upstream.get().script(marker, Script.reply(chunks.toArray(String[]::new)).interval(Duration.ofMillis(100)));

        ServerProcess first = start(data, port, "first");
        Api api = first.api();
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
        eventually(Duration.ofSeconds(20), () -> !storedText(dbUrl, replyId).isEmpty(), () -> "no checkpoint wrote text");

        first.kill(); // SIGKILL: no shutdown hook, no last save
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

    private ServerProcess start(Path data, int port, String name) throws IOException, InterruptedException {
        ServerProcess server = ServerProcess.launch(name, port, data.resolve(name + "-server.log"), List.of(
                "-Dchatstream.data-dir=" + data.toAbsolutePath(), "-Dchatstream.db.url=" + dbUrl(data),
                "-Dchatstream.stream.checkpoint=PT0.5S"));
        servers.add(server);
        return server.awaitReady();
    }
}
