package dev.chatstream.assistants.entity;

import dev.chatstream.models.entity.ModelType;
import java.util.Objects;

/**
 * One configured persona. {@code model} and {@code temperature} may be null: the provider's default
 * model and the model's own default temperature then apply; {@code provider} (a configured provider's name) and
 * {@code modelType} may be null too: then the request, or the routing rule, chooses. {@code maxReplyChars} bounds a reply (its text and
 * reasoning together): no model can make one grow the heap, or the database row, without end.
 */
public record Assistant(
        String name,
        String displayName,
        String description,
        String systemPrompt,
        String greeting,
        String model,
        Double temperature,
        int maxHistoryMessages,
        int maxContextTokens,
        int maxReplyChars,
        String provider,
        ModelType modelType) {

    public Assistant(String name, String displayName, String description, String systemPrompt, String greeting,
                     String model, Double temperature, int maxHistoryMessages, int maxContextTokens, int maxReplyChars) {
        this(name, displayName, description, systemPrompt, greeting, model, temperature, maxHistoryMessages,
                maxContextTokens, maxReplyChars, null, null);
    }

    public Assistant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        if (maxHistoryMessages < 0) {
            throw new IllegalArgumentException("maxHistoryMessages must not be negative: " + name);
        }
        if (maxContextTokens <= 0) {
            throw new IllegalArgumentException("maxContextTokens must be positive: " + name);
        }
        if (maxReplyChars <= 0) {
            throw new IllegalArgumentException("maxReplyChars must be positive: " + name);
        }
    }
}
