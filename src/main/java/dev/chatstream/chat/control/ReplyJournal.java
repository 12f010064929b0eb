package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.EventFrame;
import java.util.UUID;

/**
 * The events of the replies this server generates, for readers connected to other servers of a cluster, and
 * the way to reach a reply another server generates. A single server needs none of it: each generation's own
 * log serves its readers ({@link #NONE}).
 */
public interface ReplyJournal {

    /** Records an event of a reply. Called in order, under the generation's lock: must not wait. */
    void record(UUID replyId, EventFrame frame);

    /**
     * Hands {@code reader} the events after {@code afterId} of a reply generated elsewhere, then the live ones
     * until its terminal event. False when the journal does not hold the reply, unless {@code awaitStart}: then
     * it waits for the reply's first event (a reply another server is about to start).
     *
     * @throws ReplyJournal.Unavailable when the journal cannot be reached
     */
    boolean follow(UUID replyId, long afterId, Subscriber reader, boolean awaitStart);

    /** Asks the server generating a reply to stop it; does not wait. */
    void requestCancel(UUID replyId);

    /** The journal cannot be reached now; trying again later may work. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ReplyJournal NONE = new ReplyJournal() {
        @Override
        public void record(UUID replyId, EventFrame frame) {
        }

        @Override
        public boolean follow(UUID replyId, long afterId, Subscriber reader, boolean awaitStart) {
            return false;
        }

        @Override
        public void requestCancel(UUID replyId) {
        }
    };
}
