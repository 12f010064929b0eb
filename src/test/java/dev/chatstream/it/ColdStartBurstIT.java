package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that has just started, with the JDK's default number of virtual-thread carriers (one per core),
 * serves a burst of simultaneous first chats. Cold, every stream's thread loads the streaming path's classes
 * at once; a virtual thread loading a class stays on its carrier, and this once stopped the server with every
 * carrier held (docs/architecture.md, "Threads"). Not Arquillian: it needs a server no other test has warmed.
 */
class ColdStartBurstIT {

    private static final int BURST = 500;

    private ServerProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void aColdServerAtTheDefaultCarriersServesABurstOfFirstChats() throws Exception {
        Upstream.get(); // the suite's fake model, answering every message
        Path data = Files.createTempDirectory(Path.of("target"), "cold-");
        server = ServerProcess.launch("cold", ServerProcess.freePort(), data.resolve("server.log"), List.of(
                "-Djdk.virtualThreadScheduler.parallelism=" + Runtime.getRuntime().availableProcessors(),
                "-Dchatstream.data-dir=" + data.toAbsolutePath(),
                "-Dchatstream.db.url=jdbc:h2:file:" + data.toAbsolutePath() + "/chatstream",
                "-Dchatstream.limits.concurrent-total=" + BURST,
                "-Dchatstream.limits.queue-wait=PT60S")).awaitReady();
        Api api = server.api().overHttp1();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            tokens.add(api.token("cold-" + i)); // one user each: the per-user limits stay out of the way
        }

        CountDownLatch go = new CountDownLatch(1);
        List<Future<StreamResult>> chats = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                String token = tokens.get(i);
                String message = "cold start " + i;
                chats.add(clients.submit(() -> {
                    go.await();
                    return api.stream(token, Map.of("message", message));
                }));
            }
            go.countDown();
            List<String> endings = new ArrayList<>();
            for (Future<StreamResult> chat : chats) {
                try {
                    StreamResult result = chat.get(3, TimeUnit.MINUTES);
                    endings.add(result.status() != 200 ? "HTTP " + result.status() + " " + result.errorBody()
                            : result.last().type().equals("error") ? "error " + result.last().text("code") : result.last().type());
                } catch (TimeoutException stuck) {
                    throw new AssertionError("a chat of the burst got no answer within 3 minutes: the server is stuck\n"
                            + server.threads());
                }
            }
            assertEquals(List.of(), endings.stream().filter(ending -> !ending.equals("done")).toList(),
                    "every chat of the burst ends with done");
        }
        assertEquals("done", api.stream(api.token("after"), Map.of("message", "after the burst")).last().type());
    }
}
