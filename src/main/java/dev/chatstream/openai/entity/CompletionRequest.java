package dev.chatstream.openai.entity;

import dev.chatstream.chat.entity.ChatOrder;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ReasoningEffort;
import dev.chatstream.platform.entity.InvalidInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Chat Completions request body, checked: what chatstream supports is read, what it cannot honour is refused
 * with a 400 naming the parameter (OpenAI's {@code param}), never silently ignored. Options that change nothing
 * here ({@code user}, {@code seed}, {@code metadata}, {@code store}, {@code service_tier}) are accepted.
 *
 * @param model          the assistant that answers
 * @param stream         whether to answer as a stream of chunks
 * @param includeUsage   {@code stream_options.include_usage}
 * @param order          the chat turn: the last user message, the messages before it as the client's history
 */
public record CompletionRequest(String model, boolean stream, boolean includeUsage, ChatOrder order) {

    private static final Set<String> REFUSED = Set.of("tools", "tool_choice", "functions", "function_call", "audio",
            "prediction", "web_search_options", "top_logprobs");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final int MAX_STOP_SEQUENCES = 4;

    /**
     * @param sessionId      the {@code X-Chatstream-Session} header, if sent
     * @param idempotencyKey the {@code Idempotency-Key} header, if sent
     */
    public static CompletionRequest from(JsonObject body, String sessionId, String idempotencyKey, int maxMessageLength) {
        if (body == null) {
            throw InvalidInput.of(null, "A JSON body is required");
        }
        for (String refused : REFUSED) {
            if (body.containsKey(refused) && body.get(refused) != JsonValue.NULL) {
                throw InvalidInput.of(refused, refused + " is not supported by chatstream's OpenAI-compatible API");
            }
        }
        refuseUnless(body, "n", value -> value instanceof JsonNumber number && number.isIntegral() && number.intValue() == 1,
                "n must be 1: chatstream answers with one choice");
        refuseUnless(body, "logprobs", value -> value == JsonValue.FALSE, "logprobs are not supported");
        refuseUnless(body, "modalities", value -> value instanceof JsonArray modes && modes.size() == 1
                && "text".equals(text(modes.get(0))), "only the text modality is supported");
        refuseUnless(body, "response_format", value -> value instanceof JsonObject format
                && "text".equals(text(format.get("type"))), "only response_format {\"type\": \"text\"} is supported");
        refuseUnless(body, "frequency_penalty", CompletionRequest::zero, "frequency_penalty is not supported");
        refuseUnless(body, "presence_penalty", CompletionRequest::zero, "presence_penalty is not supported");
        refuseUnless(body, "logit_bias", value -> value instanceof JsonObject bias && bias.isEmpty(), "logit_bias is not supported");

        String model = text(body.get("model"));
        if (model == null || model.isBlank()) {
            throw InvalidInput.of("model", "model is required: the name of an assistant (GET /openai/v1/models)");
        }
        boolean stream = flag(body, "stream");
        boolean includeUsage = false;
        if (body.get("stream_options") instanceof JsonObject options) {
            if (!stream) {
                throw InvalidInput.of("stream_options", "stream_options is only allowed with stream: true");
            }
            includeUsage = flag(options, "include_usage");
        }
        List<ModelMessage> messages = messages(body.get("messages"));
        ModelMessage last = messages.get(messages.size() - 1);
        if (last.role() != ModelMessage.Role.USER) {
            throw InvalidInput.of("messages", "The last message must have the role user");
        }
        if (last.content().isBlank()) {
            throw InvalidInput.of("messages", "The last user message cannot be empty");
        }
        if (last.content().length() > maxMessageLength) {
            throw InvalidInput.tooLarge("messages", "The last message is longer than " + maxMessageLength + " characters");
        }
        ChatOrder order = new ChatOrder(last.content(), session(sessionId), model.strip(), null,
                range(body, "temperature", 0, 2), maxTokens(body), effort(body), idempotencyKey(idempotencyKey),
                messages.subList(0, messages.size() - 1), range(body, "top_p", 0, 1), stop(body.get("stop")), null);
        return new CompletionRequest(model.strip(), stream, includeUsage, order);
    }

    private static List<ModelMessage> messages(JsonValue value) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw InvalidInput.of("messages", "messages must be a non-empty array");
        }
        List<ModelMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String param = "messages[" + i + "]";
            if (!(array.get(i) instanceof JsonObject message)) {
                throw InvalidInput.of(param, param + " must be an object");
            }
            if (message.containsKey("tool_calls") && message.get("tool_calls") != JsonValue.NULL) {
                throw InvalidInput.of(param + ".tool_calls", "tool calls are not supported");
            }
            String role = text(message.get("role"));
            ModelMessage.Role mapped = switch (role == null ? "" : role) {
                case "system", "developer" -> ModelMessage.Role.SYSTEM;
                case "user" -> ModelMessage.Role.USER;
                case "assistant" -> ModelMessage.Role.ASSISTANT;
                default -> throw InvalidInput.of(param + ".role",
                        "role must be system, developer, user or assistant (tool messages are not supported)");
            };
            messages.add(new ModelMessage(mapped, content(message.get("content"), param + ".content")));
        }
        return messages;
    }

    /** A string, or text content parts joined; images and audio are refused. */
    private static String content(JsonValue value, String param) {
        if (value == null || value == JsonValue.NULL) {
            return "";
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                if (!(parts.get(i) instanceof JsonObject part) || !"text".equals(text(part.get("type")))
                        || !(part.get("text") instanceof JsonString piece)) {
                    throw InvalidInput.of(param + "[" + i + "]", "only text content parts are supported");
                }
                text.append(piece.getString());
            }
            return text.toString();
        }
        throw InvalidInput.of(param, "content must be a string or an array of text parts");
    }

    private static Double range(JsonObject body, String name, double from, double to) {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || number.doubleValue() < from || number.doubleValue() > to) {
            throw InvalidInput.of(name, name + " must be a number from " + (int) from + " to " + (int) to);
        }
        return number.doubleValue();
    }

    private static Integer maxTokens(JsonObject body) {
        Integer tokens = null;
        for (String name : List.of("max_tokens", "max_completion_tokens")) {
            JsonValue value = body.get(name);
            if (value == null || value == JsonValue.NULL) {
                continue;
            }
            if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                    || number.longValue() > Integer.MAX_VALUE) {
                throw InvalidInput.of(name, name + " must be a positive whole number");
            }
            tokens = number.intValue();
        }
        return tokens;
    }

    private static ReasoningEffort effort(JsonObject body) {
        String text = text(body.get("reasoning_effort"));
        if (text == null) {
            return null;
        }
        return ReasoningEffort.parse(text).orElseThrow(
                () -> InvalidInput.of("reasoning_effort", "reasoning_effort must be low, medium or high"));
    }

    private static List<String> stop(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (value instanceof JsonString one) {
            return List.of(one.getString());
        }
        if (value instanceof JsonArray many && many.size() <= MAX_STOP_SEQUENCES
                && many.stream().allMatch(JsonString.class::isInstance)) {
            return many.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        throw InvalidInput.of("stop", "stop must be a string or an array of at most " + MAX_STOP_SEQUENCES + " strings");
    }

    private static UUID session(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(header.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("X-Chatstream-Session", "X-Chatstream-Session must be a session id (a UUID)");
        }
    }

    private static String idempotencyKey(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(header.strip()).matches()) {
            throw InvalidInput.of("Idempotency-Key", "Idempotency-Key is 1-100 letters, digits or ._:-");
        }
        return header.strip();
    }

    private static boolean flag(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return false;
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw InvalidInput.of(name, name + " must be true or false");
        }
        return value == JsonValue.TRUE;
    }

    private static boolean zero(JsonValue value) {
        return value instanceof JsonNumber number && number.doubleValue() == 0;
    }

    private static void refuseUnless(JsonObject body, String name, java.util.function.Predicate<JsonValue> allowed,
                                     String message) {
        JsonValue value = body.get(name);
        if (value != null && value != JsonValue.NULL && !allowed.test(value)) {
            throw InvalidInput.of(name, message);
        }
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : null;
    }
}
