package dev.chatstream.sessions.control;

import java.util.UUID;

/**
 * The message does not exist, is someone else's or is not in the session the request named; callers must not learn
 * which. {@code field} is the request field that named it.
 */
public class MessageNotFound extends RuntimeException {

    private final String field;

    public MessageNotFound(UUID id, String field) {
        super("Message " + id + " not found");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
