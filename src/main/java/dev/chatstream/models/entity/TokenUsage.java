package dev.chatstream.models.entity;

/** Tokens billed for one model call, as the provider reported them. */
public record TokenUsage(int promptTokens, int completionTokens, int totalTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public static TokenUsage of(long prompt, long completion) {
        return new TokenUsage(Math.toIntExact(prompt), Math.toIntExact(completion), Math.toIntExact(prompt + completion));
    }
}
