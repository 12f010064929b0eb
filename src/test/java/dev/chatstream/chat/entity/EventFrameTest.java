package dev.chatstream.chat.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventFrameTest {

    private final EventFrame frame = new EventFrame(7, new ChatEvent.Content(UUID.randomUUID(), "Hello"));

    @Test
    void itsJsonIsMadeOnceForEveryReader() {
        String json = frame.json();

        assertEquals(frame.event().toJson(), json);
        assertSame(json, frame.json());
    }

    @Test
    void aJsonKnownAlreadyIsNotMadeAgain() {
        String journaled = frame.event().toJson();

        assertSame(journaled, new EventFrame(7, frame.event(), journaled).json());
    }

    @Test
    void itsWireFormIsMadeOnceForEveryConnectionOfOneKind() {
        AtomicInteger made = new AtomicInteger();

        String first = frame.wire("sse", String.class, f -> f.id() + ":" + f.json() + made.incrementAndGet());
        String second = frame.wire("sse", String.class, f -> f.id() + ":" + f.json() + made.incrementAndGet());

        assertSame(first, second);
        assertEquals(1, made.get());
        assertEquals("7:" + frame.json() + "1", first);
    }

    @Test
    void anotherKindIsServedItsOwnFormWithoutDisplacingTheFirst() {
        String sse = frame.wire("sse", String.class, f -> "sse");

        assertEquals("other", frame.wire("other", String.class, f -> "other"));
        assertSame(sse, frame.wire("sse", String.class, f -> "made again"));
    }
}
