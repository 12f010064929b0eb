package dev.chatstream.sessions.control;

import java.util.UUID;

/** A reply cannot be regenerated while it is being generated: cancel it or wait for its end. */
public class ReplyStillStreaming extends RuntimeException {

    public ReplyStillStreaming(UUID replyId) {
        super("The reply " + replyId + " is still being generated; stop it or wait for it to end before regenerating it");
    }
}
