package dev.chatstream.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request as the fake upstream received it.
 *
 * @param path       the request target, e.g. {@code /v1/chat/completions}
 * @param headers    request headers; lookups ignore case ({@code headers().get("authorization")})
 * @param body       the parsed JSON body ({@code NullNode} when empty, a {@code TextNode} when not JSON)
 * @param stream     whether the body asked for {@code "stream": true}
 * @param receivedAt when the request had been read completely
 */
public record RecordedRequest(String path, Map<String, String> headers, JsonNode body, boolean stream,
                              Instant receivedAt) {

    /** Role and text of every entry of {@code body.messages}; array contents are joined from their text parts. */
    public List<ChatMessage> messages() {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            messages.add(new ChatMessage(message.path("role").asText(""), text(message.path("content"))));
        }
        return List.copyOf(messages);
    }

    /** Content of the last message with role {@code user}, or {@code ""} when there is none. */
    public String lastUserMessage() {
        List<ChatMessage> messages = messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /** The requested model, or {@code ""}. */
    public String model() {
        return body.path("model").asText("");
    }

    /** Whether {@code stream_options.include_usage} is true. */
    public boolean includeUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    boolean mentions(String marker) {
        return messages().stream().anyMatch(message -> message.content().contains(marker));
    }

    /** Content is either a string or an array of parts such as {@code {"type":"text","text":"..."}}. */
    private static String text(JsonNode content) {
        if (!content.isArray()) {
            return content.isNull() || content.isMissingNode() ? "" : content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }
}
