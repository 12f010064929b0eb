package dev.chatstream.openai.entity;

import dev.chatstream.models.entity.TokenUsage;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON objects of one completion in OpenAI's wire format: the chunks of a stream
 * ({@code chat.completion.chunk}) or the whole answer ({@code chat.completion}). Every object of one completion
 * carries the same {@code id}, {@code created} and {@code model}.
 */
public final class Completions {

    private static final JsonProvider JSON = JsonProvider.provider(); // looked up once: the lookup scans the class path

    private final String id;
    private final long created;
    private final String model;

    public Completions(UUID replyId, Instant created, String model) {
        this.id = "chatcmpl-" + replyId;
        this.created = created.getEpochSecond();
        this.model = model;
    }

    /** The first chunk: the assistant's role, no text yet. */
    public String roleChunk() {
        return chunk(JSON.createObjectBuilder().add("role", "assistant").add("content", ""), null);
    }

    public String contentChunk(String text) {
        return chunk(JSON.createObjectBuilder().add("content", text), null);
    }

    public String reasoningChunk(String text) {
        return chunk(JSON.createObjectBuilder().add("reasoning_content", text), null);
    }

    public String finishChunk(String finishReason) {
        return chunk(JSON.createObjectBuilder(), finishReason(finishReason));
    }

    /** With {@code stream_options.include_usage}: the last chunk, with no choices and the usage. */
    public String usageChunk(TokenUsage usage) {
        return head("chat.completion.chunk").add("choices", JSON.createArrayBuilder()).add("usage", usage(usage))
                .build().toString();
    }

    /** The whole answer of a non-streaming request. */
    public JsonObject completion(String content, String finishReason, TokenUsage usage) {
        return head("chat.completion")
                .add("choices", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("index", 0)
                        .add("message", JSON.createObjectBuilder().add("role", "assistant").add("content", content)
                                .addNull("refusal"))
                        .addNull("logprobs")
                        .add("finish_reason", finishReason(finishReason))))
                .add("usage", usage(usage))
                .build();
    }

    /** OpenAI's error object: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static JsonObject error(String message, String type, String param, String code) {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("message", message).add("type", type);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        if (code == null) {
            error.addNull("code");
        } else {
            error.add("code", code);
        }
        return JSON.createObjectBuilder().add("error", error).build();
    }

    private String chunk(JsonObjectBuilder delta, String finishReason) {
        JsonObjectBuilder choice = JSON.createObjectBuilder().add("index", 0).add("delta", delta);
        if (finishReason == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finishReason);
        }
        return head("chat.completion.chunk").add("choices", JSON.createArrayBuilder().add(choice)).build().toString();
    }

    private JsonObjectBuilder head(String object) {
        return JSON.createObjectBuilder().add("id", id).add("object", object).add("created", created).add("model", model);
    }

    /** A provider that reported none: zeros, which every SDK parses, rather than a missing object. */
    private static JsonObjectBuilder usage(TokenUsage usage) {
        int prompt = usage == null ? 0 : usage.promptTokens();
        int completion = usage == null ? 0 : usage.completionTokens();
        return JSON.createObjectBuilder().add("prompt_tokens", prompt).add("completion_tokens", completion)
                .add("total_tokens", prompt + completion);
    }

    /** OpenAI's finish reasons; a stop by the user or the server counts as {@code stop}. */
    private static String finishReason(String reason) {
        return switch (reason == null ? "" : reason) {
            case "length", "content_filter", "tool_calls" -> reason;
            default -> "stop";
        };
    }
}
