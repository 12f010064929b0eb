package dev.chatstream.sessions.control;

import dev.chatstream.sessions.entity.MessageRole;
import java.util.List;
import java.util.UUID;

/**
 * A started exchange: the saved user message, the pending reply and the history that came before them.
 * Detached values only, safe to hand to other threads.
 */
public record Turn(
        UUID sessionId,
        String assistant,
        UUID messageId,
        UUID replyId,
        boolean firstExchange,
        List<PastMessage> history) {

    /** An earlier message; {@code contentTokens} is null where it was never counted. */
    public record PastMessage(MessageRole role, String content, Integer contentTokens) {
    }

    public Turn {
        history = List.copyOf(history);
    }

    /** This turn once its history has gone into the prompt: what may be kept while the reply streams and after. */
    public Turn withoutHistory() {
        return history.isEmpty() ? this : new Turn(sessionId, assistant, messageId, replyId, firstExchange, List.of());
    }
}
