package dev.chatstream.sessions.control;

import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.uploads.entity.ImageInfo;
import java.util.List;
import java.util.UUID;

/**
 * A started exchange: the saved user message, the pending reply and the history that came before them.
 * {@code images} are those the user's message shows (for a regenerated reply: its question's). Detached values only,
 * safe to hand to other threads.
 */
public record Turn(
        UUID sessionId,
        String assistant,
        UUID messageId,
        UUID replyId,
        boolean firstExchange,
        List<PastMessage> history,
        List<ImageInfo> images) {

    /** An earlier message; {@code contentTokens} is null where it was never counted. */
    public record PastMessage(MessageRole role, String content, Integer contentTokens, List<ImageInfo> images) {

        public PastMessage {
            images = images == null ? List.of() : List.copyOf(images);
        }

        public PastMessage(MessageRole role, String content, Integer contentTokens) {
            this(role, content, contentTokens, List.of());
        }
    }

    public Turn {
        history = List.copyOf(history);
        images = images == null ? List.of() : List.copyOf(images);
    }

    public Turn(UUID sessionId, String assistant, UUID messageId, UUID replyId, boolean firstExchange,
                List<PastMessage> history) {
        this(sessionId, assistant, messageId, replyId, firstExchange, history, List.of());
    }

    /** This turn once its history has gone into the prompt: what may be kept while the reply streams and after. */
    public Turn withoutHistory() {
        return history.isEmpty() && images.isEmpty() ? this
                : new Turn(sessionId, assistant, messageId, replyId, firstExchange, List.of(), List.of());
    }
}
