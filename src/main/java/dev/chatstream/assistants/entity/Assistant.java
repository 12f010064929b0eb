package dev.chatstream.assistants.entity;

import java.util.Objects;

/**
 * One configured persona. {@code model} and {@code temperature} may be null: the provider's default
 * model and the model's own default temperature then apply. {@code maxReplyChars} bounds a reply (its text and
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
        int maxReplyChars) {

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
