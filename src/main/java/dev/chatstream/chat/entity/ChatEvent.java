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
                        json.getString("assistant"), json.getString("model"), json.getString("provider", null));
                case "provider_changed" -> new ProviderChanged(json.getString("provider"), json.getString("model"),
                        json.getString("previous_provider"), json.getString("reason"));
                case "content" -> new Content(uuid(json, "session_id"), json.getString("content"));
                case "reasoning" -> new Reasoning(json.getString("content"));
                case "topic" -> new Topic(json.getString("topic"));
                case "done" -> new Done(uuid(json, "session_id"), uuid(json, "message_id"), uuid(json, "reply_id"),
                        json.getString("finish_reason"), usage(json), json.getString("model"),
                        json.getString("topic", null), json.getString("provider", null));
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

    /** {@code provider}: the provider chosen to answer, null for a stored reply from before providers were stored. */
    record Start(UUID sessionId, UUID messageId, UUID replyId, String assistant, String model, String provider)
            implements ChatEvent {
        public Start(UUID sessionId, UUID messageId, UUID replyId, String assistant, String model) {
            this(sessionId, messageId, replyId, assistant, model, null);
        }

        public String type() {
            return "start";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("session_id", sessionId.toString()).add("message_id", messageId.toString())
                    .add("reply_id", replyId.toString()).add("assistant", assistant).add("model", model);
            if (provider != null) {
                json.add("provider", provider);
            }
        }
    }

    /**
     * The provider chosen in {@code start} could not start the reply (its circuit open, a failure before its first
     * token, 429 or 5xx): {@code provider} answers instead, with {@code model}. Sent before any text, at most once
     * per provider tried; {@code reason} is the code of the first provider's failure.
     */
    record ProviderChanged(String provider, String model, String previousProvider, String reason) implements ChatEvent {
        public String type() {
            return "provider_changed";
        }

        public void describe(JsonObjectBuilder json) {
            json.add("provider", provider).add("model", model).add("previous_provider", previousProvider)
                    .add("reason", reason);
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

    /** {@code model} and {@code provider}: the ones that answered in the end (provider null for old stored replies). */
    record Done(UUID sessionId, UUID messageId, UUID replyId, String finishReason, TokenUsage usage, String model,
                String topic, String provider) implements ChatEvent {
        public Done(UUID sessionId, UUID messageId, UUID replyId, String finishReason, TokenUsage usage, String model,
                    String topic) {
            this(sessionId, messageId, replyId, finishReason, usage, model, topic, null);
        }

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
            if (provider != null) {
                json.add("provider", provider);
            }
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
