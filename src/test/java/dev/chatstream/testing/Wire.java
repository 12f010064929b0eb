package dev.chatstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;

/** The JSON that OpenAI's Chat Completions API sends, for one response (one id, one timestamp, one model). */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id = "chatcmpl-" + randomId(29);
    private final long created = Instant.now().getEpochSecond();
    private final String model;

    Wire(String model) {
        this.model = model;
    }

    /** The first chunk: {@code "delta":{"role":"assistant","content":""}}. */
    String roleChunk() {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", "");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return text(chunk);
    }

    /** A chunk whose delta has one text field: {@code content} or {@code reasoning_content}. */
    String deltaChunk(String field, String text) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put(field, text);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return text(chunk);
    }

    /** The last choice chunk: empty delta and the finish reason. */
    String finishChunk(String finishReason) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return text(chunk);
    }

    /** Sent after the finish chunk when {@code stream_options.include_usage} is true. */
    String usageChunk(int promptTokens, int completionTokens) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        usage(chunk, promptTokens, completionTokens);
        return text(chunk);
    }

    /** A whole non-streaming {@code chat.completion}. */
    String completion(String content, String reasoning, String finishReason, int promptTokens,
                      int completionTokens) {
        ObjectNode completion = JSON.createObjectNode()
                .put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        usage(completion, promptTokens, completionTokens);
        return text(completion);
    }

    /** {@code {"error":{"message":...,"type":...,"param":null,"code":null}}}. */
    static String error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", errorType(status))
                .putNull("param").putNull("code");
        return text(body);
    }

    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private ObjectNode chunk() {
        return JSON.createObjectNode()
                .put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }

    private static void usage(ObjectNode parent, int promptTokens, int completionTokens) {
        parent.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    private static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String text(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
