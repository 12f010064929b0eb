package dev.chatstream.models.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a relay needs of one streamed {@code chat.completion.chunk}: the model, each choice's text deltas and
 * finish reason, the usage, or the error object some providers send mid-stream. Read field by field with Jackson's
 * streaming parser, skipping everything else, instead of binding the SDK's whole {@code ChatCompletionChunk}
 * (docs/performance.md, "Reading the upstream").
 *
 * @param model  the model that answered, or null when the chunk does not say
 * @param deltas one per choice, in order
 * @param usage  the tokens billed, sent in the last chunk when asked for; null otherwise
 * @param error  the message of an {@code error} object, or null
 */
record Chunk(String model, List<Delta> deltas, TokenUsage usage, String error) {

    /** One choice's part of a chunk; each field null when absent. */
    record Delta(String content, String reasoning, String finishReason) {
    }

    /** Reads one chunk's JSON; a chunk whose fields have the wrong types fails as an invalid response. */
    static Chunk read(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw invalid("not a JSON object");
        }
        String model = null;
        List<Delta> deltas = List.of();
        TokenUsage usage = null;
        String error = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "model" -> model = text(json, value, field);
                case "choices" -> deltas = choices(json, value);
                case "usage" -> usage = usage(json, value);
                case "error" -> error = errorMessage(json, value);
                default -> json.skipChildren();
            }
        }
        return new Chunk(model, deltas, usage, error);
    }

    private static List<Delta> choices(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(value, JsonToken.START_ARRAY, "choices");
        List<Delta> deltas = new ArrayList<>(1);
        JsonToken next;
        while ((next = json.nextToken()) == JsonToken.START_OBJECT) {
            deltas.add(choice(json));
        }
        expect(next, JsonToken.END_ARRAY, "a choice");
        return deltas;
    }

    private static Delta choice(JsonParser json) throws IOException {
        Delta texts = new Delta(null, null, null);
        String finishReason = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("finish_reason")) {
                finishReason = text(json, value, field);
            } else if (field.equals("delta") && value == JsonToken.START_OBJECT) {
                texts = delta(json);
            } else {
                json.skipChildren();
            }
        }
        return new Delta(texts.content(), texts.reasoning(), finishReason);
    }

    /** A choice's {@code delta} object: its text and reasoning, without a finish reason. */
    private static Delta delta(JsonParser json) throws IOException {
        String content = null;
        String reasoning = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("content")) {
                content = text(json, value, field);
            } else if (field.equals("reasoning_content") && value == JsonToken.VALUE_STRING) {
                reasoning = json.getText(); // an extension: anything but text is ignored, as before
            } else {
                json.skipChildren();
            }
        }
        return new Delta(content, reasoning, null);
    }

    /** The provider's usage, or null when it is incomplete (the reply's tokens are then counted here). */
    private static TokenUsage usage(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.START_OBJECT, "usage");
        long prompt = -1;
        long completion = -1;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken count = json.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = count(json, count, field);
                case "completion_tokens" -> completion = count(json, count, field);
                default -> json.skipChildren();
            }
        }
        if (prompt < 0 || completion < 0) {
            return null;
        }
        if (prompt + completion > Integer.MAX_VALUE) {
            throw invalid("usage out of range");
        }
        return TokenUsage.of(prompt, completion);
    }

    /** An error object's message, or the error's own text when it is not an object with one. */
    private static String errorMessage(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            String text = json.getText();
            json.skipChildren();
            return text;
        }
        String message = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken fieldValue = json.nextToken();
            if (field.equals("message") && fieldValue == JsonToken.VALUE_STRING) {
                message = json.getText();
            } else {
                json.skipChildren();
            }
        }
        return message == null ? "(no message)" : message;
    }

    private static String text(JsonParser json, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_STRING, field);
        return json.getText();
    }

    private static long count(JsonParser json, JsonToken value, String field) throws IOException {
        expect(value, JsonToken.VALUE_NUMBER_INT, field);
        return json.getLongValue();
    }

    private static void expect(JsonToken actual, JsonToken expected, String field) {
        if (actual != expected) {
            throw invalid("'" + field + "' is " + actual);
        }
    }

    private static ModelFailure invalid(String what) {
        return new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE, "The model sent a chunk that could not be read: " + what);
    }
}
