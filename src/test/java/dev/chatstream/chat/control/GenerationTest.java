package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.ReplyOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules of one generation, without a server: event order, late readers, ending once, leaving. */
class GenerationTest {

    private final Turn turn = new Turn(UUID.randomUUID(), "assistant", UUID.randomUUID(), UUID.randomUUID(), false, List.of());
    private final List<ReplyOutcome> endings = new ArrayList<>();
    private final Generation generation = new Generation(new Owner("alice", ""), turn, "m",
            (ended, outcome, failure) -> {
                endings.add(outcome);
                ended.publish(new ChatEvent.Done(turn.sessionId(), turn.messageId(), turn.replyId(),
                        outcome.finishReason(), null, "m", null));
            }, ReplyJournal.NONE, Integer.MAX_VALUE);

    @Test
    void aReplyEndsCompleteAsLengthAtItsLongestAndKeepsWhatFitted() {
        Generation bounded = new Generation(new Owner("alice", ""), turn, "m", (ended, outcome, failure) -> {
            endings.add(outcome);
            ended.publish(new ChatEvent.Done(turn.sessionId(), turn.messageId(), turn.replyId(),
                    outcome.finishReason(), null, "m", null));
        }, ReplyJournal.NONE, 100);
        Reader reader = new Reader();
        bounded.subscribe(reader, 0);
        bounded.onReasoning("r".repeat(30));
        bounded.onContent("a".repeat(60));
        bounded.onContent("b".repeat(20)); // 10 fit
        bounded.onContent("never");

        assertEquals(1, endings.size(), "ended once");
        ReplyOutcome outcome = endings.get(0);
        assertEquals(MessageStatus.COMPLETE, outcome.status());
        assertEquals(Generation.LENGTH, outcome.finishReason());
        assertEquals("a".repeat(60) + "b".repeat(10), outcome.content(), "text and reasoning share the 100 characters");
        assertEquals("r".repeat(30), outcome.reasoning());
        assertEquals("b".repeat(10), ((ChatEvent.Content) reader.events.get(reader.events.size() - 2)).content(),
                "readers get the part that fitted, then done");
        assertEquals(Generation.LENGTH, ((ChatEvent.Done) reader.events.get(reader.events.size() - 1)).finishReason());
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00";
        assertEquals("ab", Generation.fitting("ab" + emoji, 3));
        assertEquals("ab" + emoji, Generation.fitting("ab" + emoji, 4));
        assertEquals("", Generation.fitting("abc", 0));
        assertEquals("", Generation.fitting("abc", -5));
    }

    /** A reader that records what it gets and can be made to leave. */
    static final class Reader implements Subscriber {
        final List<Long> ids = new ArrayList<>();
        final List<ChatEvent> events = new ArrayList<>();
        boolean gone;
        boolean closed;

        @Override
        public boolean deliver(EventFrame frame) {
            long id = frame.id();
            ChatEvent event = frame.event();
            if (gone) {
                return false;
            }
            ids.add(id);
            events.add(event);
            return true;
        }

        @Override
        public boolean ping() {
            return !gone;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void keepsTheTurnButNotItsHistory() {
        Turn withHistory = new Turn(UUID.randomUUID(), "assistant", UUID.randomUUID(), UUID.randomUUID(), false,
                List.of(new Turn.PastMessage(MessageRole.USER, "an earlier question", 3)));

        Generation kept = new Generation(new Owner("alice", ""), withHistory, "m", (ended, outcome, failure) -> { }, ReplyJournal.NONE, Integer.MAX_VALUE);

        assertEquals(withHistory.replyId(), kept.replyId());
        assertEquals(withHistory.sessionId(), kept.turn().sessionId());
        assertTrue(kept.turn().history().isEmpty(), "the history went into the prompt; an open stream need not hold it");
    }

    @Test
    void aLateReaderGetsWhatItMissedThenLiveEventsInOrder() {
        Reader early = new Reader();
        generation.subscribe(early, 0);
        generation.onContent("a");
        generation.onContent("b");
        Reader late = new Reader();
        generation.subscribe(late, 1);
        generation.onContent("c");

        assertEquals(List.of(1L, 2L, 3L), early.ids);
        assertEquals(List.of(2L, 3L), late.ids, "only the events after Last-Event-ID 1");
    }

    @Test
    void itEndsOnceWhicheverComesFirst() {
        generation.onContent("partial");
        generation.cancel();
        generation.onContent("too late");
        generation.onComplete(new ModelReply("m", "stop", null));
        generation.cancel();

        assertEquals(1, endings.size());
        assertEquals(MessageStatus.CANCELLED, endings.get(0).status());
        assertEquals("partial", endings.get(0).content());
        assertEquals("cancelled", endings.get(0).finishReason());
        assertTrue(generation.isOver());
        assertTrue(generation.ended().isDone());
    }

    @Test
    void whenItsLastReaderLeavesTheAbandonHookRunsOnce() {
        AtomicInteger abandoned = new AtomicInteger();
        generation.whenAbandoned(abandoned::incrementAndGet);
        Reader first = new Reader();
        Reader second = new Reader();
        generation.subscribe(first, 0);
        generation.subscribe(second, 0);

        first.gone = true;
        generation.onContent("x");
        assertEquals(0, abandoned.get(), "one reader is still there");
        assertTrue(first.closed);

        second.gone = true;
        generation.onContent("y");
        assertEquals(1, abandoned.get());
        generation.onContent("z");
        assertEquals(1, abandoned.get(), "no reader left to lose");
    }

    @Test
    void aReaderAttachingAfterTheEndGetsEverythingAndIsClosed() {
        generation.onContent("all");
        generation.onComplete(new ModelReply("m", "stop", null));
        Reader after = new Reader();
        generation.subscribe(after, 0);

        assertEquals(List.of("content", "done"), after.events.stream().map(ChatEvent::type).toList());
        assertTrue(after.closed);
        assertFalse(endings.isEmpty());
    }

    @Test
    void aProviderThatTookOverIsAnnouncedAndStoredWithTheReply() {
        List<ReplyOutcome> outcomes = new ArrayList<>();
        Generation routed = new Generation(new Owner("alice", ""), turn, "cloud-a", "big",
                (ended, outcome, failure) -> outcomes.add(outcome), ReplyJournal.NONE, Integer.MAX_VALUE);
        Reader reader = new Reader();
        routed.subscribe(reader, 0);

        routed.onProviderChanged("cloud-b", "other", new ModelFailure(ModelFailure.Code.RATE_LIMITED, "slow down"));
        routed.onContent("hi");
        routed.onComplete(new ModelReply("other", "stop", null));

        ChatEvent.ProviderChanged changed = (ChatEvent.ProviderChanged) reader.events.getFirst();
        assertEquals(new ChatEvent.ProviderChanged("cloud-b", "other", "cloud-a", "rate_limited"), changed);
        assertEquals("cloud-b", routed.provider());
        assertEquals("cloud-b", outcomes.getFirst().provider(), "stored: the provider that answered");
        assertEquals("other", outcomes.getFirst().model());
    }

    @Test
    void aFailedReplyIsStoredWithTheChosenProvider() {
        List<ReplyOutcome> outcomes = new ArrayList<>();
        Generation routed = new Generation(new Owner("alice", ""), turn, "cloud-a", "big",
                (ended, outcome, failure) -> outcomes.add(outcome), ReplyJournal.NONE, Integer.MAX_VALUE);

        routed.onFailure(new ModelFailure(ModelFailure.Code.UPSTREAM_UNAVAILABLE, "down"));

        assertEquals("cloud-a", outcomes.getFirst().provider());
        assertEquals("big", outcomes.getFirst().model());
    }
}
