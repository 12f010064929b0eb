package dev.chatstream.chat.entity;

import dev.chatstream.models.entity.TokenUsage;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.UUID;

/**
 * One event of a chat stream. On the wire each is an unnamed SSE event whose {@code data:} is one JSON
 * object with a {@code type} field (docs/protocol.md).
 */
public sealed interface ChatEvent {

    String type();

    void describe(JsonObjectBuilder json);

    /** Whether the stream ends with this event. */
    default boolean terminal() {
        return false;
    }

    default String toJson() {
        JsonObjectBuilder json = Provider.JSON.createObjectBuilder().add("type", type());
        describe(json);
        return json.build().toString();
    }

    /**
     * The event a {@link #toJson()} text describes, for a reader that got it from another server. Refuses
     * (IllegalArgumentException) a text that is not one of ours.
     */
    static ChatEvent fromJson(String text) {
        try {
            JsonObject json = Provider.JSON.createReader(new StringReader(text)).readObject();
            return switch (json.getString("type")) {
                case "start" -> new Start(uuid(json, "session_id"), uuid(json, "message_id"), uuid(json, "reply_id"),
                        json.getString("assistant"), json.getString("model"));
                case "content" -> new Content(uuid(json, "session_id"), json.getString("content"));
                case "reasoning" -> new Reasoning(json.getString("content"));
                case "topic" -> new Topic(json.getString("topic"));
                case "done" -> new Done(uuid(json, "session_id"), uuid(json, "message_id"), uuid(json, "reply_id"),
                        json.getString("finish_reason"), usage(json), json.getString("model"),
                        json.getString("topic", null));
                case "error" -> new Error(json.getString("error"), json.getString("code"), json.getBoolean("retryable"));
                default -> throw new IllegalArgumentException("unknown event type " + json.getString("type"));
            };
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a chat event: " + text, e);
        }
    }

    private static UUID uuid(JsonObject json, String name) {
        return UUID.fromString(json.getString(name));
    }

    private static TokenUsage usage(JsonObject json) {
        if (!(json.get("usage") instanceof JsonObject usage)) {
            return null;
        }
        return new TokenUsage(number(usage, "prompt_tokens"), number(usage, "completion_tokens"),
                number(usage, "total_tokens"));
    }

    private static int number(JsonObject json, String name) {
        return ((JsonNumber) json.get(name)).intValue();
    }

    record Start(UUID sessionId, UUID messageId, UUID replyId, String assistant, String model) implements ChatEvent {
        public String type() {
            return "start";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("session_id", sessionId.toString()).add("message_id", messageId.toString())
                    .add("reply_id", replyId.toString()).add("assistant", assistant).add("model", model);
        }
    }

    record Content(UUID sessionId, String content) implements ChatEvent {
        public String type() {
            return "content";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("content", content).add("session_id", sessionId.toString());
        }
    }

    record Reasoning(String content) implements ChatEvent {
        public String type() {
            return "reasoning";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("content", content);
        }
    }

    record Topic(String topic) implements ChatEvent {
        public String type() {
            return "topic";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("topic", topic);
        }
    }

    record Done(UUID sessionId, UUID messageId, UUID replyId, String finishReason, TokenUsage usage, String model,
                String topic) implements ChatEvent {
        public String type() {
            return "done";
        }

        public boolean terminal() {
            return true;
        }

        public void describe(JsonObjectBuilder json) {
            json.add("session_id", sessionId.toString()).add("message_id", messageId.toString())
                    .add("reply_id", replyId.toString()).add("finish_reason", finishReason);
            if (usage != null) {
                json.add("usage", Provider.JSON.createObjectBuilder()
                        .add("prompt_tokens", usage.promptTokens())
                        .add("completion_tokens", usage.completionTokens())
                        .add("total_tokens", usage.totalTokens()));
            } else {
                json.addNull("usage");
            }
            json.add("model", model);
            if (topic != null) {
                json.add("topic", topic);
            }
        }
    }

    record Error(String error, String code, boolean retryable) implements ChatEvent {
        public String type() {
            return "error";
        }

        public boolean terminal() {
            return true;
        }

        public void describe(JsonObjectBuilder json) {
            json.add("error", error).add("code", code).add("retryable", retryable);
        }
    }

    /**
     * Looked up once: every {@code Json.createXxx} call runs a ServiceLoader scan of the class path, which cost
     * more CPU than relaying the event itself.
     */
    final class Provider {
        static final JsonProvider JSON = JsonProvider.provider();

        private Provider() {
        }
    }
}
