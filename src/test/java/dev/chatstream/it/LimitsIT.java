package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-user limits and size caps: refused with 429/413, a JSON error and Retry-After; nothing is stored. */
class LimitsIT extends ServerIT {

    @Test
    void aUserWhoSendsTooManyMessagesAMinuteIsAskedToWait() {
        String token = api.token("rate-" + UUID.randomUUID());
        for (int i = 0; i < 30; i++) {
            assertEquals(400, api.post("api/v1/chat", token, "{\"message\":\"\"}").statusCode(), "request " + i);
        }
        HttpResponse<String> refused = api.post("api/v1/chat", token, "{\"message\":\"one more\"}");

        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", Api.read(refused.body()).path("error").path("code").asText());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(0, Db.query("SELECT id FROM chat_message WHERE content = 'one more'").size(), "a refused message is not stored");
        assertEquals(200, api.post("api/v1/chat", api.token("rate-other-" + UUID.randomUUID()),
                "{\"message\":\"fine\"}").statusCode(), "other users are not affected");
    }

    @Test
    void atMostThreeRepliesOfOneUserAreGeneratedAtOnce() throws Exception {
        String user = "busy-" + UUID.randomUUID();
        String token = api.token(user);
        List<String> replies = new ArrayList<>();
        List<CompletableFuture<StreamResult>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String marker = "hang-" + UUID.randomUUID();
            upstream.script(marker, Script.reply("late").hang());
            String session = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"t\"}")).path("id").asText();
            Api.Started started = api.startStream(token, Map.of("message", marker, "session_id", session));
            readers.add(started.result());
            replies.add(started.replyId());
        }

        StreamResult fourth = api.stream(token, Map.of("message", "a fourth at once"));
        assertEquals(429, fourth.status());
        assertEquals("too_many_generations", Api.read(fourth.errorBody()).path("error").path("code").asText());
        assertTrue(fourth.headers().firstValue("Retry-After").isPresent());

        expect(200, api.post("api/v1/chat/streams/" + replies.get(0) + "/cancel", token, ""));
        assertEquals("done", api.stream(token, Map.of("message", "now there is room")).last().type());
        for (String reply : replies) {
            api.post("api/v1/chat/streams/" + reply + "/cancel", token, "");
        }
        for (CompletableFuture<StreamResult> reader : readers) {
            assertEquals("cancelled", reader.get(20, TimeUnit.SECONDS).last().text("finish_reason"));
        }
    }

    @Test
    void aBodyLargerThanTheCapIsRefused() {
        String token = api.token("big-" + UUID.randomUUID());
        HttpResponse<String> refused = api.post("api/v1/chat/stream", token, "{\"message\":\"" + "x".repeat(300_000) + "\"}");

        assertEquals(413, refused.statusCode());
        assertEquals("too_large", Api.read(refused.body()).path("error").path("code").asText());
    }
}
