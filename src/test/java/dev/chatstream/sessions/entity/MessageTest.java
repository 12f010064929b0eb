package dev.chatstream.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3);

    private final ChatSession session = new ChatSession(new Owner("alice", "acme"), "assistant", T0);

    private static ReplyOutcome complete(String content) {
        return new ReplyOutcome(MessageStatus.COMPLETE, content, "thought about it", "gpt-4o-mini-2024", "stop", null,
                new TokenUsage(31, 9, 40), Duration.ofMillis(250), Duration.ofMillis(1500));
    }

    private Message question() {
        return Message.fromUser(session, null, "What is SSE?", T0);
    }

    @Test
    void aReplyFollowsItsQuestionAndAQuestionItsPredecessor() {
        Message first = question();
        Message reply = Message.pendingReply(session, first, "demo", T0);
        Message next = Message.fromUser(session, reply.id(), "And WebSockets?", T1);

        assertAll(
                () -> assertNull(first.parentId(), "a conversation's first message has no parent"),
                () -> assertEquals(first.id(), reply.parentId()),
                () -> assertEquals(reply.id(), next.parentId()));
    }

    @Test
    void onlyAUsersMessageIsAnswered() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);
        assertThrows(IllegalArgumentException.class, () -> Message.pendingReply(session, reply, "demo", T1));
    }

    @Test
    void aReplyIsRatedOnceAtATimeAndTheRatingCanBeRemoved() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);

        reply.rate(Rating.UP, "clear", T1);
        reply.rate(Rating.DOWN, " ", T1);
        assertEquals(Rating.DOWN, reply.feedback(), "the later rating replaces the earlier one");
        assertNull(reply.feedbackComment(), "a blank comment is none");

        reply.removeFeedback();
        assertNull(reply.feedback());
    }

    @Test
    void aUsersOwnMessageCannotBeRated() {
        Message question = question();
        assertThrows(IllegalStateException.class, () -> question.rate(Rating.UP, null, T1));
    }

    @Test
    void aFeedbackCommentIsBounded() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);
        String tooLong = "x".repeat(Message.MAX_FEEDBACK_COMMENT + 1);
        assertThrows(IllegalArgumentException.class, () -> reply.rate(Rating.UP, tooLong, T1));
        assertNull(reply.feedback(), "nothing was stored");
    }

    @Test
    void aUserMessageIsCompleteWhenCreated() {
        Message message = Message.fromUser(session, null, "Hello!", T0);

        assertAll(
                () -> assertNotNull(message.id()),
                () -> assertSame(session, message.session()),
                () -> assertEquals(MessageRole.USER, message.role()),
                () -> assertEquals("Hello!", message.content()),
                () -> assertEquals(MessageStatus.COMPLETE, message.status()),
                () -> assertNull(message.model()),
                () -> assertNull(message.usage()),
                () -> assertEquals(T0, message.createdAt()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t"})
    void aBlankUserMessageIsRefused(String content) {
        assertThrows(IllegalArgumentException.class, () -> Message.fromUser(session, null, content, T0));
    }

    @Test
    void aMessageNeedsASession() {
        assertThrows(NullPointerException.class, () -> Message.fromUser(null, null, "Hello!", T0));
        assertThrows(NullPointerException.class, () -> Message.pendingReply(null, question(), "demo", T0));
    }

    @Test
    void messagesHaveDistinctIds() {
        assertNotEquals(Message.fromUser(session, null, "a", T0).id(), Message.fromUser(session, null, "a", T0).id());
    }

    @Test
    void aPendingReplyStartsStreamingAndEmpty() {
        Message reply = Message.pendingReply(session, question(), "gpt-4o-mini", T0);

        assertAll(
                () -> assertEquals(MessageRole.ASSISTANT, reply.role()),
                () -> assertEquals(MessageStatus.STREAMING, reply.status()),
                () -> assertEquals("", reply.content()),
                () -> assertNull(reply.reasoning()),
                () -> assertEquals("gpt-4o-mini", reply.model()),
                () -> assertNull(reply.finishReason()),
                () -> assertNull(reply.errorCode()),
                () -> assertNull(reply.usage()),
                () -> assertNull(reply.timeToFirstToken()),
                () -> assertNull(reply.duration()),
                () -> assertEquals(T0, reply.createdAt()));
    }

    @Test
    void endingWritesEverythingTheGenerationReported() {
        Message reply = Message.pendingReply(session, question(), "gpt-4o-mini", T0);

        reply.end(complete("Server-Sent Events stream text over HTTP."), T1);

        assertAll(
                () -> assertEquals(MessageStatus.COMPLETE, reply.status()),
                () -> assertEquals("Server-Sent Events stream text over HTTP.", reply.content()),
                () -> assertEquals("thought about it", reply.reasoning()),
                () -> assertEquals("gpt-4o-mini-2024", reply.model(), "the model that answered"),
                () -> assertEquals("stop", reply.finishReason()),
                () -> assertNull(reply.errorCode()),
                () -> assertEquals(new TokenUsage(31, 9, 40), reply.usage()),
                () -> assertEquals(Duration.ofMillis(250), reply.timeToFirstToken()),
                () -> assertEquals(Duration.ofMillis(1500), reply.duration()),
                () -> assertEquals(T0, reply.createdAt(), "created stays"));
    }

    @Test
    void aFailedEndKeepsTheRequestedModelAndLeavesUnknownsEmpty() {
        Message reply = Message.pendingReply(session, question(), "gpt-4o-mini", T0);

        reply.end(new ReplyOutcome(MessageStatus.INCOMPLETE, "Server-Sent", "", null, null, "upstream_timeout",
                null, Duration.ofMillis(300), null), T1);

        assertAll(
                () -> assertEquals(MessageStatus.INCOMPLETE, reply.status()),
                () -> assertEquals("Server-Sent", reply.content(), "text that arrived before is kept"),
                () -> assertNull(reply.reasoning(), "empty reasoning is stored as none"),
                () -> assertEquals("gpt-4o-mini", reply.model()),
                () -> assertNull(reply.finishReason()),
                () -> assertEquals("upstream_timeout", reply.errorCode()),
                () -> assertNull(reply.usage()),
                () -> assertEquals(Duration.ofMillis(300), reply.timeToFirstToken()),
                () -> assertNull(reply.duration()));
    }

    @Test
    void aReplyThatFailedBeforeAnyTextIsEmptyNotNull() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);

        reply.end(new ReplyOutcome(MessageStatus.FAILED, null, null, null, null, "upstream_unavailable", null,
                null, null), T1);

        assertEquals(MessageStatus.FAILED, reply.status());
        assertEquals("", reply.content());
        assertNull(reply.timeToFirstToken());
    }

    @Test
    void aReplyEndsOnlyOnce() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);
        reply.end(complete("first"), T1);

        ReplyOutcome later = new ReplyOutcome(MessageStatus.INTERRUPTED, "second", null, "other", null, "x",
                null, null, null);
        assertThrows(IllegalStateException.class, () -> reply.end(later, T1.plusSeconds(1)));

        assertEquals(MessageStatus.COMPLETE, reply.status(), "the first ending stands");
        assertEquals("first", reply.content());
        assertEquals("gpt-4o-mini-2024", reply.model());
        assertNull(reply.errorCode());
    }

    @Test
    void aUserMessageCannotBeEndedLikeAReply() {
        Message message = Message.fromUser(session, null, "Hello!", T0);
        assertThrows(IllegalStateException.class, () -> message.end(complete("x"), T1));
        assertEquals("Hello!", message.content());
    }

    @Test
    void aReplyCannotEndAsStreaming() {
        Message reply = Message.pendingReply(session, question(), "demo", T0);
        ReplyOutcome streaming = new ReplyOutcome(MessageStatus.STREAMING, "half", null, null, null, null, null,
                null, null);

        assertThrows(IllegalArgumentException.class, () -> reply.end(streaming, T1));

        assertEquals(MessageStatus.STREAMING, reply.status(), "nothing was written");
        assertEquals("", reply.content());
        reply.end(complete("done"), T1);
        assertEquals(MessageStatus.COMPLETE, reply.status(), "it can still end properly");
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
    void aReplyCanEndInEveryFinalState(MessageStatus status) {
        Message reply = Message.pendingReply(session, question(), "demo", T0);
        reply.end(new ReplyOutcome(status, "text", null, null, null, null, null, null, null), T1);
        assertEquals(status, reply.status());
    }

    @Test
    void statusesHaveLowerCaseWireNames() {
        assertEquals("streaming", MessageStatus.STREAMING.wire());
        assertEquals("incomplete", MessageStatus.INCOMPLETE.wire());
    }
}
