package dev.chatstream.sessions.entity;

import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/**
 * How a generated reply ended: everything that is written to its row in one update.
 *
 * @param contentTokens what the text counts for later prompts, or null to leave that to them
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
        Integer contentTokens) {

    public ReplyOutcome {
        Objects.requireNonNull(status, "status");
        content = content == null ? "" : content;
    }

    public ReplyOutcome(MessageStatus status, String content, String reasoning, String model, String finishReason,
                        String errorCode, TokenUsage usage, Duration timeToFirstToken, Duration duration) {
        this(status, content, reasoning, model, finishReason, errorCode, usage, timeToFirstToken, duration, null);
    }

    public ReplyOutcome withContentTokens(int tokens) {
        return new ReplyOutcome(status, content, reasoning, model, finishReason, errorCode, usage, timeToFirstToken,
                duration, tokens);
    }
}
