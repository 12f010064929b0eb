package dev.chatstream.sessions.control;

import java.util.UUID;

/** The session does not exist or belongs to someone else; callers must not learn which. */
public class SessionNotFound extends RuntimeException {

    public SessionNotFound(UUID id) {
        super("Session " + id + " not found");
    }
}
