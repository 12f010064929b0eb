package dev.chatstream.sessions.control;

import dev.chatstream.sessions.entity.ReplyOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Writes that must survive a passing database failure. The retry wraps the whole transaction — a separate
 * bean because the transaction interceptor would otherwise run outside the retry and a failed attempt
 * would poison the transaction of the next.
 */
@ApplicationScoped
public class ReliableWrites {

    @Inject
    Conversations conversations;

    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    public void endReply(UUID replyId, ReplyOutcome outcome) {
        conversations.endReply(replyId, outcome);
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    public Optional<String> nameSession(UUID sessionId, String topic) {
        return conversations.nameSession(sessionId, topic);
    }
}
