package dev.chatstream.chat.control;

import java.util.UUID;

/** A reply that readers can follow, whether this server generates it or another one of the cluster does. */
public interface ReplyStream {

    UUID replyId();

    UUID sessionId();

    /** The user's message the reply answers. */
    UUID messageId();

    /** Attaches a reader; it first receives every event after {@code afterId}, then live ones. */
    void subscribe(Subscriber reader, long afterId);
}
