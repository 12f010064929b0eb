package dev.chatstream.chat.entity;

import dev.chatstream.models.entity.TokenUsage;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
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
