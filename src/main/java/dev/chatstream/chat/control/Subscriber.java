package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;

/** A reader attached to a generation, such as one SSE connection. Called under the generation's lock. */
public interface Subscriber {

    /** The events this reader was given on attaching (its backlog), before any live one. */
    default void caughtUp(int replayed) {
    }

    /** Delivers one event; false when the reader is gone and should be dropped. */
    boolean deliver(EventFrame frame);

    /** A keep-alive while nothing else is sent; false when the reader is gone. */
    boolean ping();

    /** The generation ended or dropped this reader. */
    void close();

    /**
     * The stream broke off before its end, as a server of a cluster sees it (say, the server generating it could
     * not be reached): a terminal, unnumbered {@code error}; the reader may come back with its last event id.
     */
    default void fail(ChatEvent.Error error) {
        close();
    }
}
