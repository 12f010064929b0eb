package dev.chatstream.chat.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatstream.models.entity.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON of each event, as documented in docs/protocol.md. */
class ChatEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final UUID SESSION = UUID.fromString("4015cbaa-1111-4222-8333-444455556666");
    private static final UUID MESSAGE = UUID.fromString("7849bdbc-1111-4222-8333-444455556666");
    private static final UUID REPLY = UUID.fromString("b567e126-1111-4222-8333-444455556666");

    private static JsonNode parse(ChatEvent event) throws Exception {
        String json = event.toJson();
        assertFalse(json.contains("\n") || json.contains("\r"),
                "one SSE data line must carry the whole event: " + json);
        JsonNode node = JSON.readTree(json);
        assertTrue(node.isObject(), json);
        assertEquals(event.type(), node.get("type").asText(), "type field");
        return node;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void start() throws Exception {
        JsonNode json = parse(new ChatEvent.Start(SESSION, MESSAGE, REPLY, "teacher", "gpt-4o-mini"));

        assertEquals(Set.of("type", "session_id", "message_id", "reply_id", "assistant", "model"), fields(json));
        assertEquals("start", json.get("type").asText());
        assertEquals(SESSION.toString(), json.get("session_id").asText());
        assertEquals(MESSAGE.toString(), json.get("message_id").asText());
        assertEquals(REPLY.toString(), json.get("reply_id").asText());
        assertEquals("teacher", json.get("assistant").asText());
        assertEquals("gpt-4o-mini", json.get("model").asText());
    }

    @Test
    void content() throws Exception {
        JsonNode json = parse(new ChatEvent.Content(SESSION, "Server-Sent Events "));

        assertEquals(Set.of("type", "content", "session_id"), fields(json));
        assertEquals("content", json.get("type").asText());
        assertEquals("Server-Sent Events ", json.get("content").asText(), "spaces inside a piece are kept");
        assertEquals(SESSION.toString(), json.get("session_id").asText());
    }

    @Test
    void reasoning() throws Exception {
        JsonNode json = parse(new ChatEvent.Reasoning("Let me think."));

        assertEquals(Set.of("type", "content"), fields(json));
        assertEquals("reasoning", json.get("type").asText());
        assertEquals("Let me think.", json.get("content").asText());
    }

    @Test
    void topic() throws Exception {
        JsonNode json = parse(new ChatEvent.Topic("What SSE is"));

        assertEquals(Set.of("type", "topic"), fields(json));
        assertEquals("topic", json.get("type").asText());
        assertEquals("What SSE is", json.get("topic").asText());
    }

    @Test
    void doneWithUsageAndTopic() throws Exception {
        JsonNode json = parse(new ChatEvent.Done(SESSION, MESSAGE, REPLY, "stop", new TokenUsage(31, 9, 40),
                "gpt-4o-mini", "What SSE is"));

        assertEquals(Set.of("type", "session_id", "message_id", "reply_id", "finish_reason", "usage", "model", "topic"),
                fields(json));
        assertEquals("done", json.get("type").asText());
        assertEquals(SESSION.toString(), json.get("session_id").asText());
        assertEquals(MESSAGE.toString(), json.get("message_id").asText());
        assertEquals(REPLY.toString(), json.get("reply_id").asText());
        assertEquals("stop", json.get("finish_reason").asText());
        assertEquals("gpt-4o-mini", json.get("model").asText());
        assertEquals("What SSE is", json.get("topic").asText());

        JsonNode usage = json.get("usage");
        assertEquals(Set.of("prompt_tokens", "completion_tokens", "total_tokens"), fields(usage));
        assertTrue(usage.get("prompt_tokens").isInt(), "token counts are JSON numbers");
        assertEquals(31, usage.get("prompt_tokens").asInt());
        assertEquals(9, usage.get("completion_tokens").asInt());
        assertEquals(40, usage.get("total_tokens").asInt());
    }

    @Test
    void doneWithoutUsageSaysNullAndWithoutTopicLeavesItOut() throws Exception {
        JsonNode json = parse(new ChatEvent.Done(SESSION, MESSAGE, REPLY, "length", null, "demo", null));

        assertEquals(Set.of("type", "session_id", "message_id", "reply_id", "finish_reason", "usage", "model"),
                fields(json));
        assertTrue(json.get("usage").isNull(), "unknown usage is an explicit null");
        assertEquals("length", json.get("finish_reason").asText());
        assertEquals("demo", json.get("model").asText());
    }

    @Test
    void error() throws Exception {
        JsonNode json = parse(new ChatEvent.Error("The model provider is rate limiting requests", "rate_limited", true));

        assertEquals(Set.of("type", "error", "code", "retryable"), fields(json));
        assertEquals("error", json.get("type").asText());
        assertEquals("The model provider is rate limiting requests", json.get("error").asText());
        assertEquals("rate_limited", json.get("code").asText());
        assertTrue(json.get("retryable").isBoolean(), "retryable is a JSON boolean");
        assertTrue(json.get("retryable").asBoolean());

        JsonNode final_ = parse(new ChatEvent.Error("refused", "upstream_rejected", false));
        assertTrue(final_.get("retryable").isBoolean());
        assertFalse(final_.get("retryable").asBoolean());
    }

    @Test
    void onlyDoneAndErrorEndTheStream() {
        List<ChatEvent> open = List.of(
                new ChatEvent.Start(SESSION, MESSAGE, REPLY, "assistant", "demo"),
                new ChatEvent.Content(SESSION, "x"),
                new ChatEvent.Reasoning("x"),
                new ChatEvent.Topic("x"));
        for (ChatEvent event : open) {
            assertFalse(event.terminal(), event.type() + " must not end the stream");
        }
        assertTrue(new ChatEvent.Done(SESSION, MESSAGE, REPLY, "stop", null, "demo", null).terminal());
        assertTrue(new ChatEvent.Error("failed", "internal", false).terminal());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "line one\nline two",
            "windows\r\nline\rbreaks",
            "\n\nleading and trailing\n\n",
            "tab\tand \"quotes\" and \\backslash\\ and </script>",
            "中文内容：你好，世界！",
            "emoji 😀👍🏽 and combining é",
            "control \u0000 \u0001 \u001f chars",
            "data: not a field\n\nid: 99\n\n",
            "separators \u2028 and \u2029"})
    void anyTextSurvivesTheRoundTripOnOneLine(String text) throws Exception {
        List<ChatEvent> carrying = new ArrayList<>(List.of(
                new ChatEvent.Content(SESSION, text),
                new ChatEvent.Reasoning(text),
                new ChatEvent.Topic(text),
                new ChatEvent.Error(text, "internal", false)));
        for (ChatEvent event : carrying) {
            JsonNode json = parse(event);
            String field = switch (event) {
                case ChatEvent.Topic t -> "topic";
                case ChatEvent.Error e -> "error";
                default -> "content";
            };
            assertEquals(text, json.get(field).asText(), event.type() + "." + field);
        }
        JsonNode done = parse(new ChatEvent.Done(SESSION, MESSAGE, REPLY, "stop", null, "demo", text));
        assertEquals(text, done.get("topic").asText());
    }

    @Test
    void newlinesAreWrittenAsJsonEscapes() {
        String json = new ChatEvent.Content(SESSION, "a\nb\r\nc").toJson();
        assertTrue(json.contains("a\\nb\\r\\nc"), json);
    }

    @Test
    void anEventReadBackFromItsJsonIsTheSameEvent() {
        List<ChatEvent> events = List.of(
                new ChatEvent.Start(SESSION, MESSAGE, REPLY, "teacher", "gpt-4o-mini"),
                new ChatEvent.Content(SESSION, "a \"quoted\"\nline 你好 🙂"),
                new ChatEvent.Reasoning("Let me think."),
                new ChatEvent.Topic("What SSE is"),
                new ChatEvent.Done(SESSION, MESSAGE, REPLY, "stop", new TokenUsage(31, 9, 40), "m", "Topic"),
                new ChatEvent.Done(SESSION, MESSAGE, REPLY, "interrupted", null, "m", null),
                new ChatEvent.Error("The model provider is rate limiting requests", "rate_limited", true));
        for (ChatEvent event : events) {
            assertEquals(event, ChatEvent.fromJson(event.toJson()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cut", "[]", "{}", "{\"type\":\"mystery\"}", "{\"type\":\"start\",\"session_id\":\"x\"}"})
    void aTextThatIsNoEventOfOursIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ChatEvent.fromJson(text));
    }
}
