package dev.chatstream.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.auth.entity.Owner;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatSessionTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Owner ALICE = new Owner("alice", "acme");

    private final ChatSession session = new ChatSession(ALICE, "teacher", T0);

    @Test
    void aNewSessionIsUnnamedAndBelongsToItsOwner() {
        assertNull(session.topic());
        assertEquals("teacher", session.assistant());
        assertEquals(ALICE, session.owner());
        assertEquals(T0, session.createdAt());
        assertEquals(T0, session.updatedAt());
        assertNotEquals(session.id(), new ChatSession(ALICE, "teacher", T0).id());
    }

    @Test
    void aSessionNeedsAnAssistant() {
        assertThrows(NullPointerException.class, () -> new ChatSession(ALICE, null, T0));
    }

    @Test
    void aGeneratedTitleNamesAnUnnamedSessionOnce() {
        assertTrue(session.nameIfUnnamed("What SSE is"));
        assertEquals("What SSE is", session.topic());

        assertFalse(session.nameIfUnnamed("Another title"));
        assertEquals("What SSE is", session.topic());
    }

    @Test
    void aRenameWinsOverALaterGeneratedTitle() {
        session.rename("My SSE notes");

        assertFalse(session.nameIfUnnamed("What SSE is"));
        assertEquals("My SSE notes", session.topic());
    }

    @Test
    void aRenameReplacesAGeneratedTitle() {
        session.nameIfUnnamed("What SSE is");
        session.rename("Mine");
        assertEquals("Mine", session.topic());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void aBlankRenameIsRefusedAndKeepsTheTopic(String topic) {
        session.rename("Kept");
        assertThrows(IllegalArgumentException.class, () -> session.rename(topic));
        assertEquals("Kept", session.topic());
    }

    @Test
    void topicsAreCollapsedToOneLine() {
        session.rename("  My\n\nSSE \t notes \r\n");
        assertEquals("My SSE notes", session.topic());

        ChatSession generated = new ChatSession(ALICE, "teacher", T0);
        generated.nameIfUnnamed("What\nSSE   is ");
        assertEquals("What SSE is", generated.topic());
    }

    @Test
    void longTopicsAreShortenedWithAnEllipsis() {
        String exact = "t".repeat(ChatSession.MAX_TOPIC_LENGTH);
        session.rename(exact);
        assertEquals(exact, session.topic());

        session.rename("u".repeat(500));
        assertEquals("u".repeat(ChatSession.MAX_TOPIC_LENGTH - 1) + "…", session.topic());

        ChatSession generated = new ChatSession(ALICE, "teacher", T0);
        generated.nameIfUnnamed("g".repeat(201));
        assertEquals(ChatSession.MAX_TOPIC_LENGTH, generated.topic().length());
    }

    @Test
    void theLimitAppliesAfterCollapsingWhitespace() {
        String spaced = "a" + " ".repeat(300) + "b";
        session.rename(spaced);
        assertEquals("a b", session.topic());
    }

    /** Cutting between the two chars of an emoji stores half a character (shown as U+FFFD or '?'). */
    @Test
    void cuttingATopicDoesNotSplitAnEmoji() {
        session.rename("a".repeat(ChatSession.MAX_TOPIC_LENGTH - 1) + "😀 and more");
        String topic = session.topic();
        assertFalse(Character.isHighSurrogate(topic.charAt(topic.length() - 1)),
                "the topic ends in half an emoji");
    }

    @Test
    void ownershipNeedsTheSameSubjectAndTheSameTenant() {
        assertTrue(session.isOwnedBy(new Owner("alice", "acme")));
        assertFalse(session.isOwnedBy(new Owner("bob", "acme")), "another user of the tenant");
        assertFalse(session.isOwnedBy(new Owner("alice", "globex")), "the same name in another tenant");
        assertFalse(session.isOwnedBy(new Owner("alice", null)), "the same name without a tenant");
        assertFalse(session.isOwnedBy(new Owner("Alice", "acme")), "subjects are case sensitive");
    }

    @Test
    void noTenantIsItsOwnTenant() {
        ChatSession untenanted = new ChatSession(new Owner("alice", null), "teacher", T0);
        assertTrue(untenanted.isOwnedBy(new Owner("alice", null)));
        assertTrue(untenanted.isOwnedBy(new Owner("alice", "")));
        assertFalse(untenanted.isOwnedBy(new Owner("alice", "acme")));
    }

    @Test
    void touchMovesUpdatedAtForward() {
        session.touch(T0.plusSeconds(10));
        assertEquals(T0.plusSeconds(10), session.updatedAt());
    }

    @Test
    void touchNeverMovesUpdatedAtBackwards() {
        session.touch(T0.plusSeconds(10));
        session.touch(T0.plusSeconds(5));
        assertEquals(T0.plusSeconds(10), session.updatedAt());

        session.touch(T0.minusSeconds(60));
        assertEquals(T0.plusSeconds(10), session.updatedAt());
        assertEquals(T0, session.createdAt(), "created never moves");
    }
}
