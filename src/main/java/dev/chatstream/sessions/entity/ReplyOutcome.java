package dev.chatstream.sessions.entity;

import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/**
 * How a generated reply ended: everything that is written to its row in one update.
 *
 * @param contentTokens what the text counts for later prompts, or null to leave that to them
 * @param provider      the provider that answered (null: the one the reply was started with)
 */
public record ReplyOutcome(
        MessageStatus status,
        String content,
        String reasoning,
        String model,
        String finishReason,
        String errorCode,
        TokenUsage usage,
        Duration timeToFirstToken,
        Duration duration,
        Integer contentTokens,
        String provider) {

    public ReplyOutcome {
        Objects.requireNonNull(status, "status");
        content = content == null ? "" : content;
    }

    public ReplyOutcome(MessageStatus status, String content, String reasoning, String model, String finishReason,
                        String errorCode, TokenUsage usage, Duration timeToFirstToken, Duration duration) {
        this(status, content, reasoning, model, finishReason, errorCode, usage, timeToFirstToken, duration, null, null);
    }

    public ReplyOutcome withContentTokens(int tokens) {
        return new ReplyOutcome(status, content, reasoning, model, finishReason, errorCode, usage, timeToFirstToken,
                duration, tokens, provider);
    }

    /** This outcome, answered by {@code answeredBy}. */
    public ReplyOutcome withProvider(String answeredBy) {
        return new ReplyOutcome(status, content, reasoning, model, finishReason, errorCode, usage, timeToFirstToken,
                duration, contentTokens, answeredBy);
    }
}
