package dev.chatstream.sessions.entity;

import java.util.Objects;
import java.util.UUID;

/**
 * Where a new exchange goes in a conversation's tree: after the branch the session shows, as a new reply to the
 * question of an earlier reply (regenerate), or as an edited version of an earlier user message (edit).
 */
public record Fork(Kind kind, UUID messageId) {

    public enum Kind {
        CONTINUE,
        REGENERATE,
        EDIT;

        /** The request field that names the message. */
        public String field() {
            return name().toLowerCase();
        }
    }

    public static final Fork CONTINUE = new Fork(Kind.CONTINUE, null);

    public Fork {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.CONTINUE) != (messageId == null)) {
            throw new IllegalArgumentException(kind + " names a message exactly when it is not CONTINUE");
        }
    }

    public static Fork regenerate(UUID reply) {
        return new Fork(Kind.REGENERATE, reply);
    }

    public static Fork edit(UUID userMessage) {
        return new Fork(Kind.EDIT, userMessage);
    }

    /**
     * What a fork starts from: its session and, for a regenerated reply, the question asked again and how many images
     * it shows.
     */
    public record Point(UUID sessionId, String question, int questionImages) {

        public Point(UUID sessionId, String question) {
            this(sessionId, question, 0);
        }
    }
}
