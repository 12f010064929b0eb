package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which assistant each of a user's recently used sessions belongs to. A new message needs its session's
 * assistant before anything is saved (for the model and the size check); a session never changes its
 * assistant, so for a session this server has seen lately that needs no database read of its own. The
 * transaction that then saves the message reads the session anyway and checks its owner: a remembered entry
 * never lets a message into a deleted session.
 */
@ApplicationScoped
public class SessionAssistants {

    /** Some 200 bytes each: the active conversations of thousands of users in a few megabytes. */
    private static final int REMEMBERED = 10_000;

    private record Key(Owner owner, UUID sessionId) {
    }

    @Inject
    Conversations conversations;

    private final Map<Key, String> recent = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** The assistant of the owner's session; {@link SessionNotFound} when the owner has no such session. */
    public String of(Owner owner, UUID sessionId) {
        Key key = new Key(owner, sessionId);
        String known = recent.get(key);
        if (known != null) {
            return known;
        }
        String assistant = conversations.find(owner, sessionId)
                .orElseThrow(() -> new SessionNotFound(sessionId)).assistant();
        recent.put(key, assistant);
        return assistant;
    }

    /** Remembers the session of a turn just begun, usually a new one. */
    public void remember(Owner owner, Turn turn) {
        recent.put(new Key(owner, turn.sessionId()), turn.assistant());
    }
}
