package dev.chatstream.chat.entity;

import java.util.function.Function;

/**
 * One event of a reply's stream as its readers receive it: numbered, its JSON made once however many readers
 * and journals take it, and its form on the wire made once by the first connection that writes it, then shared
 * with every other connection of the same kind. Handed from the generation to readers under the generation's
 * lock, so the memoised forms need no lock of their own.
 */
public final class EventFrame {

    private final long id;
    private final ChatEvent event;
    private String json;
    private Object wireKind;
    private Object wire;

    public EventFrame(long id, ChatEvent event) {
        this(id, event, null);
    }

    /** An event whose JSON is known already, such as one read from another server's journal. */
    public EventFrame(long id, ChatEvent event, String json) {
        this.id = id;
        this.event = event;
        this.json = json;
    }

    public long id() {
        return id;
    }

    public ChatEvent event() {
        return event;
    }

    public String json() {
        String made = json;
        if (made == null) {
            made = event.toJson();
            json = made;
        }
        return made;
    }

    /**
     * This frame as {@code kind} writes it (say, an SSE connection's event object), made by {@code make} the
     * first time that kind asks. Another kind asking in between is served, not remembered.
     */
    public <T> T wire(Object kind, Class<T> type, Function<EventFrame, T> make) {
        if (wireKind == kind) {
            return type.cast(wire);
        }
        T made = make.apply(this);
        if (wireKind == null) {
            wire = made;
            wireKind = kind;
        }
        return made;
    }
}
