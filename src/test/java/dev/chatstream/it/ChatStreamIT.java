package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.ChatMessage;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The main job, end to end: a message in, the reply streamed event by event, both sides stored. */
@Tag("every-server")
class ChatStreamIT extends ServerIT {

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    @Test
    void streamsTheReplyEventByEventAndStoresBothSides() {
        String marker = marker();
        upstream.script(marker, Script.reply("Hello", ", ", "world", "!")
                .reasoning("Let me ", "think.")
                .usage(42, 7)
                .interval(Duration.ofMillis(20)));
        String token = api.token("stream-" + marker);

        StreamResult result = api.stream(token, Map.of("message", "Say hello " + marker, "assistant", "teacher"));

        assertEquals(200, result.status());
        assertTrue(result.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals("no-cache, no-transform", result.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("no", result.headers().firstValue("X-Accel-Buffering").orElseThrow());
        assertEquals(LongStream.rangeClosed(1, result.events().size()).boxed().toList(),
                result.events().stream().map(SseEvent::id).toList(), "ids count 1, 2, 3 … without gaps");
        assertEquals("start", result.events().get(0).type());
        assertEquals("done", result.last().type());
        assertEquals("Hello, world!", result.content());
        assertEquals("Let me think.", String.join("", result.ofType("reasoning").stream().map(e -> e.text("content")).toList()));

        var start = result.start();
        UUID sessionId = UUID.fromString(start.path("session_id").asText());
        UUID messageId = UUID.fromString(start.path("message_id").asText());
        UUID replyId = UUID.fromString(start.path("reply_id").asText());
        assertEquals("teacher", start.path("assistant").asText());
        assertEquals("fake-model", start.path("model").asText());
        result.ofType("content").forEach(event -> assertEquals(sessionId.toString(), event.text("session_id")));

        var done = result.last().data();
        assertEquals(sessionId.toString(), done.path("session_id").asText());
        assertEquals(messageId.toString(), done.path("message_id").asText());
        assertEquals(replyId.toString(), done.path("reply_id").asText());
        assertEquals("stop", done.path("finish_reason").asText());
        assertEquals(42, done.path("usage").path("prompt_tokens").asInt());
        assertEquals(7, done.path("usage").path("completion_tokens").asInt());
        assertEquals(49, done.path("usage").path("total_tokens").asInt());

        Map<String, Object> question = Db.message(messageId);
        assertEquals("USER", question.get("role"));
        assertEquals("Say hello " + marker, question.get("content"));
        Map<String, Object> reply = Db.message(replyId);
        assertEquals("ASSISTANT", reply.get("role"));
        assertEquals("COMPLETE", reply.get("status"));
        assertEquals("Hello, world!", reply.get("content"));
        assertEquals("Let me think.", reply.get("reasoning"), "reasoning is stored apart from the answer");
        assertEquals("stop", reply.get("finish_reason"));
        assertEquals(42, reply.get("prompt_tokens"));
        assertEquals(7, reply.get("completion_tokens"));
        assertNotNull(reply.get("first_token_ms"));
        assertTrue(((Number) reply.get("duration_ms")).longValue() >= ((Number) reply.get("first_token_ms")).longValue());
        assertEquals(sessionId, Db.session(sessionId).get("id"));
    }

    /** The suite bounds the tiny assistant's replies at 1,000 characters (it.server.options). */
    @Test
    void aReplyStopsAtItsAssistantsLongestAndIsSavedAsLength() throws Exception {
        String marker = marker();
        String[] pieces = new String[300];
        Arrays.fill(pieces, "0123456789");
        upstream.script(marker, Script.reply(pieces).interval(Duration.ofMillis(5)));
        String token = api.token("bounded-" + marker);
        String opener = marker();
        upstream.script(opener, Script.reply("Sure."));
        // a later turn of a session: the model is asked for the reply only, not for a title too (whose request would
        // mention the marker as well)
        String session = api.stream(token, Map.of("message", "Ready? " + opener, "assistant", "tiny"))
                .start().path("session_id").asText();

        StreamResult result = api.stream(token, Map.of("message", "Go on and on " + marker, "session_id", session));

        assertEquals("done", result.last().type(), result.types().toString());
        assertEquals("length", result.last().data().path("finish_reason").asText());
        assertEquals("0123456789".repeat(100), result.content(), "exactly the first 1,000 characters");
        upstream.connectionClosed(marker).get(5, TimeUnit.SECONDS); // the model stops being paid for at once
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("COMPLETE", reply.get("status"));
        assertEquals("length", reply.get("finish_reason"));
        assertEquals(1000, ((String) reply.get("content")).length());
    }

    @Test
    void textArrivesAsTheModelSendsItNotInOneBurst() {
        String marker = marker();
        upstream.script(marker, Script.reply("one ", "two ", "three ", "four ").interval(Duration.ofMillis(300)));

        StreamResult result = api.stream(api.token("pace"), Map.of("message", marker));

        List<SseEvent> content = result.ofType("content");
        assertEquals(4, content.size());
        Duration spread = Duration.between(content.get(0).receivedAt(), content.get(3).receivedAt());
        assertTrue(spread.toMillis() >= 600, "events arrived " + spread.toMillis() + " ms apart in total, not as a burst");
    }

    @Test
    void namesANewSessionOnceAndSendsHistoryOnLaterTurns() {
        String marker = marker();
        upstream.script(marker, Script.reply("First answer"));
        upstream.scriptCompletions(marker, Script.reply("Greetings and plans"));
        String token = api.token("history-" + marker);

        StreamResult first = api.stream(token, Map.of("message", "title for " + marker));
        String sessionId = first.start().path("session_id").asText();
        assertEquals("Greetings and plans", first.first("topic").text("topic"));
        assertEquals("Greetings and plans", first.last().text("topic"));
        assertEquals("Greetings and plans", Db.session(UUID.fromString(sessionId)).get("topic"));

        String second = marker();
        upstream.script(second, Script.reply("Second answer"));
        StreamResult next = api.stream(token, Map.of("message", "and now " + second, "session_id", sessionId));

        assertEquals(sessionId, next.start().path("session_id").asText());
        assertTrue(next.ofType("topic").isEmpty(), "the topic is generated for the first exchange only");
        List<RecordedRequest> streamed = upstream.requestsContaining(second).stream().filter(RecordedRequest::stream).toList();
        assertEquals(1, streamed.size());
        List<ChatMessage> sent = streamed.get(0).messages();
        assertEquals("system", sent.get(0).role());
        assertEquals(List.of("user", "assistant", "user"), sent.subList(1, sent.size()).stream().map(ChatMessage::role).toList());
        assertEquals("title for " + marker, sent.get(1).content());
        assertEquals("First answer", sent.get(2).content());
        assertEquals("and now " + second, sent.get(3).content());
        assertEquals(1, upstream.requestsContaining("title for " + marker).stream().filter(r -> !r.stream()).count(),
                "one title request in all");
    }

    @Test
    void aFailingTitleFallsBackToTheFirstMessage() {
        String marker = marker();
        upstream.script(marker, Script.reply("fine"));
        upstream.scriptCompletions(marker, Script.error(500, "titles are down"));

        StreamResult result = api.stream(api.token("fallback"), Map.of("message", "Plan my week " + marker));

        assertEquals("done", result.last().type());
        assertEquals("fine", result.content());
        assertEquals(3, upstream.requestsContaining(marker).stream().filter(r -> !r.stream()).count(),
                "the title was tried three times (two retries)");
        assertTrue(result.last().text("topic").startsWith("Plan my week m-"), result.last().text("topic"));
    }

    @Test
    void heartbeatsKeepASlowStreamAlive() {
        String marker = marker();
        upstream.script(marker, Script.reply("slow", " answer").firstChunkDelay(Duration.ofMillis(2500)));

        StreamResult result = api.stream(api.token("slow"), Map.of("message", marker));

        assertEquals("done", result.last().type());
        assertFalse(result.comments().isEmpty(), "a ': ping' comment arrived while the model was silent");
        assertTrue(result.comments().get(0).isBefore(result.first("content").receivedAt()));
    }

    @Test
    void reasoningEffortAndOptionsReachTheModel() {
        String marker = marker();
        upstream.script(marker, Script.reply("ok"));

        StreamResult result = api.stream(api.token("options"), Map.of("message", marker, "model", "deep-thinker",
                "temperature", 0.4, "max_tokens", 99, "reasoning_effort", "高"));

        assertEquals("done", result.last().type());
        assertEquals("deep-thinker", result.start().path("model").asText());
        RecordedRequest sent = upstream.requestsContaining(marker).stream().filter(RecordedRequest::stream).findFirst().orElseThrow();
        assertEquals("deep-thinker", sent.body().path("model").asText());
        assertEquals(0.4, sent.body().path("temperature").asDouble());
        assertEquals(99, sent.body().path("max_tokens").asInt());
        assertEquals("high", sent.body().path("reasoning_effort").asText());
        assertTrue(sent.body().path("stream_options").path("include_usage").asBoolean());
    }
}
