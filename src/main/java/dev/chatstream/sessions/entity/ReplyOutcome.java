package dev.chatstream.sessions.entity;

import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/** How a generated reply ended: everything that is written to its row in one update. */
public record ReplyOutcome(
        MessageStatus status,
        String content,
        String reasoning,
        String model,
        String finishReason,
        String errorCode,
        TokenUsage usage,
        Duration timeToFirstToken,
        Duration duration) {

    public ReplyOutcome {
        Objects.requireNonNull(status, "status");
        content = content == null ? "" : content;
    }
}
