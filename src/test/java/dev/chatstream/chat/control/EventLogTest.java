package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chatstream.chat.entity.ChatEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A late reader gets back exactly the events that were logged, though text pieces are kept as offsets. */
class EventLogTest {

    private final UUID session = UUID.randomUUID();
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final EventLog log = new EventLog(session, content, reasoning);

    private final List<ChatEvent> events = List.of(
            new ChatEvent.Start(session, UUID.randomUUID(), UUID.randomUUID(), "assistant", "m"),
            new ChatEvent.Reasoning("Let me "),
            new ChatEvent.Reasoning("think."),
            new ChatEvent.Content(session, "Hel"),
            new ChatEvent.Topic("Greetings"),
            new ChatEvent.Content(session, ""),
            new ChatEvent.Content(session, "lo, 世界 👋"),
            new ChatEvent.Reasoning(" Done."),
            new ChatEvent.Content(session, "!"),
            new ChatEvent.Done(session, UUID.randomUUID(), UUID.randomUUID(), "stop", null, "m", "Greetings"));

    /** Logs the events the way a generation does: each piece's text is collected before its event is logged. */
    private void logAll() {
        for (ChatEvent event : events) {
            if (event instanceof ChatEvent.Content piece) {
                content.append(piece.content());
            } else if (event instanceof ChatEvent.Reasoning piece) {
                reasoning.append(piece.content());
            }
            log.add(event);
        }
    }

    @Test
    void replaysEveryEventWithItsIdInOrder() {
        logAll();
        GenerationTest.Reader reader = new GenerationTest.Reader();

        log.replay(0, reader);

        assertEquals(events.size(), log.size());
        assertEquals(events, reader.events);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), reader.ids);
    }

    @Test
    void replaysOnlyWhatComesAfterTheSkippedEvents() {
        logAll();
        for (int skipped = 0; skipped <= events.size(); skipped++) {
            GenerationTest.Reader reader = new GenerationTest.Reader();

            log.replay(skipped, reader);

            assertEquals(events.subList(skipped, events.size()), reader.events, "after " + skipped + " events");
            assertEquals(skipped + 1L, reader.ids.isEmpty() ? skipped + 1L : reader.ids.getFirst());
        }
    }

    @Test
    void keepsTextThatArrivedAfterItsLastPieceOutOfTheReplay() {
        logAll();
        content.append(" and a piece the generation collected but never published");
        GenerationTest.Reader reader = new GenerationTest.Reader();

        log.replay(0, reader);

        assertEquals(events, reader.events);
    }

    @Test
    void stopsAtAReaderThatHasGone() {
        logAll();
        GenerationTest.Reader reader = new GenerationTest.Reader();
        reader.gone = true;

        assertFalse(log.replay(3, reader));
        assertEquals(List.of(), reader.events);
    }

    @Test
    void growsPastItsFirstCapacity() {
        for (int i = 0; i < 1000; i++) {
            String piece = Integer.toString(i);
            content.append(piece);
            log.add(new ChatEvent.Content(session, piece));
        }
        GenerationTest.Reader reader = new GenerationTest.Reader();

        log.replay(998, reader);

        assertEquals(List.of(new ChatEvent.Content(session, "998"), new ChatEvent.Content(session, "999")), reader.events);
        assertEquals(List.of(999L, 1000L), reader.ids);
    }
}
