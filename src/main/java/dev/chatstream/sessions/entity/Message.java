package dev.chatstream.sessions.entity;

import dev.chatstream.models.entity.TokenUsage;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message of a conversation. A user's message is complete when saved; an assistant's reply is saved as
 * {@link MessageStatus#STREAMING} before the model is called and then ends exactly once.
 */
@Entity
@Table(name = "chat_message")
public class Message {

    public static final int MAX_FEEDBACK_COMMENT = 2000;

    @Id
    private UUID id;

    // eager: every use of a message asks for its session's owner, and entities are not woven (Database)
    @ManyToOne(optional = false)
    @JoinColumn(name = "session_id", nullable = false, updatable = false)
    private ChatSession session;

    /**
     * The message this one follows: the question a reply answers, the reply a question comes after; null for a
     * conversation's first. Siblings (same parent) are the alternatives made by regenerating or editing.
     */
    @Column(name = "parent_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID parentId;

    /** Insertion order assigned by the database: orders a conversation even within one clock tick. */
    @Column(insertable = false, updatable = false)
    private Long seq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MessageRole role;

    @Column(nullable = false)
    private String content;

    private String reasoning;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MessageStatus status;

    private String model;

    /** The configured provider that answered (chatstream.providers); null for replies from before providers had names. */
    private String provider;

    @Column(name = "finish_reason")
    private String finishReason;

    @Column(name = "error_code")
    private String errorCode;

    @Column(name = "prompt_tokens")
    private Integer promptTokens;

    @Column(name = "completion_tokens")
    private Integer completionTokens;

    @Column(name = "total_tokens")
    private Integer totalTokens;

    /** The text's tokens as chatstream counts them for prompts (not the provider's bill); null if never counted. */
    @Column(name = "content_tokens")
    private Integer contentTokens;

    @Column(name = "first_token_ms")
    private Long firstTokenMillis;

    @Column(name = "duration_ms")
    private Long durationMillis;

    @Column(name = "client_request_id", updatable = false)
    private String clientRequestId;

    /** The server instance generating this reply, while it streams (a cluster's survivors look for it). */
    @Column(name = "generated_by", updatable = false)
    private String generatedBy;

    @Enumerated(EnumType.STRING)
    private Rating feedback;

    @Column(name = "feedback_comment")
    private String feedbackComment;

    @Column(name = "feedback_at")
    private Instant feedbackAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Message() {
        // for JPA
    }

    private Message(UUID id, ChatSession session, UUID parentId, MessageRole role, String content, MessageStatus status,
                    String model, Instant now) {
        this.id = Objects.requireNonNull(id, "id");
        this.session = Objects.requireNonNull(session, "session");
        this.parentId = parentId;
        this.role = role;
        this.content = Objects.requireNonNull(content, "content");
        this.status = status;
        this.model = model;
        this.createdAt = Timestamps.stored(now);
        this.updatedAt = this.createdAt;
    }

    public static Message fromUser(ChatSession session, UUID parentId, String content, Instant now) {
        return fromUser(session, parentId, content, null, null, now);
    }

    /**
     * A user's message following {@code parentId}; {@code clientRequestId} is the sender's own id for it, if it gave
     * one, and {@code contentTokens} what its text counts, if counted.
     */
    public static Message fromUser(ChatSession session, UUID parentId, String content, String clientRequestId,
                                   Integer contentTokens, Instant now) {
        return fromUser(session, parentId, content, clientRequestId, contentTokens, 0, now);
    }

    /** The same, for a message that shows {@code images} images: with one or more, it may have no text. */
    public static Message fromUser(ChatSession session, UUID parentId, String content, String clientRequestId,
                                   Integer contentTokens, int images, Instant now) {
        if (content.isBlank() && images == 0) {
            throw new IllegalArgumentException("a message cannot be blank unless it shows an image");
        }
        Message message = new Message(UUID.randomUUID(), session, parentId, MessageRole.USER, content,
                MessageStatus.COMPLETE, null, now);
        message.clientRequestId = clientRequestId;
        message.contentTokens = contentTokens;
        return message;
    }

    public static Message pendingReply(ChatSession session, Message question, String model, Instant now) {
        return pendingReply(UUID.randomUUID(), session, question, model, null, null, now);
    }

    /**
     * A reply to {@code question} about to be generated by the server instance {@code generatedBy}, with the id it
     * was announced by; {@code clientRequestId} only when the reply was asked for without a new question
     * (regenerated).
     */
    public static Message pendingReply(UUID id, ChatSession session, Message question, String model, String generatedBy,
                                       String clientRequestId, Instant now) {
        return pendingReply(id, session, question, null, model, generatedBy, clientRequestId, now);
    }

    /** As above, by {@code provider}'s {@code model}. */
    public static Message pendingReply(UUID id, ChatSession session, Message question, String provider, String model,
                                       String generatedBy, String clientRequestId, Instant now) {
        if (question.role != MessageRole.USER) {
            throw new IllegalArgumentException("a reply answers a user's message");
        }
        Message reply = new Message(id, session, question.id, MessageRole.ASSISTANT, "", MessageStatus.STREAMING, model,
                now);
        reply.generatedBy = generatedBy;
        reply.clientRequestId = clientRequestId;
        reply.provider = provider;
        return reply;
    }

    /** An imported message, as it was where it came from. */
    public static Message imported(ChatSession session, UUID parentId, MessageRole role, String content,
                                   String reasoning, MessageStatus status, String model, String finishReason,
                                   Instant createdAt) {
        if (status == MessageStatus.STREAMING) {
            throw new IllegalArgumentException("an imported message cannot be streaming");
        }
        Message message = new Message(UUID.randomUUID(), session, parentId, role, content, status, model, createdAt);
        message.reasoning = reasoning == null || reasoning.isEmpty() ? null : reasoning;
        message.finishReason = finishReason;
        return message;
    }

    /** A user's rating of this reply, replacing any earlier one. */
    public void rate(Rating rating, String comment, Instant now) {
        if (role != MessageRole.ASSISTANT) {
            throw new IllegalStateException("only a reply can be rated");
        }
        if (comment != null && comment.length() > MAX_FEEDBACK_COMMENT) {
            throw new IllegalArgumentException("a comment is at most " + MAX_FEEDBACK_COMMENT + " characters");
        }
        this.feedback = Objects.requireNonNull(rating, "rating");
        this.feedbackComment = comment == null || comment.isBlank() ? null : comment;
        this.feedbackAt = Timestamps.stored(now);
    }

    public void removeFeedback() {
        feedback = null;
        feedbackComment = null;
        feedbackAt = null;
    }

    /** A reply whose server stopped while generating it: it keeps the text checkpointed so far. */
    public void interrupt(Instant now) {
        if (status != MessageStatus.STREAMING) {
            throw new IllegalStateException("reply " + id + " already ended as " + status);
        }
        status = MessageStatus.INTERRUPTED;
        updatedAt = Timestamps.stored(now);
    }

    /** Ends a reply the way its generation ended. A reply ends once; later attempts are refused. */
    public void end(ReplyOutcome outcome, Instant now) {
        if (status != MessageStatus.STREAMING) {
            throw new IllegalStateException("reply " + id + " already ended as " + status);
        }
        if (outcome.status() == MessageStatus.STREAMING) {
            throw new IllegalArgumentException("a reply cannot end as streaming");
        }
        this.content = outcome.content();
        this.contentTokens = outcome.contentTokens();
        this.reasoning = outcome.reasoning() == null || outcome.reasoning().isEmpty() ? null : outcome.reasoning();
        this.status = outcome.status();
        this.model = outcome.model() == null ? model : outcome.model();
        this.provider = outcome.provider() == null ? provider : outcome.provider();
        this.finishReason = outcome.finishReason();
        this.errorCode = outcome.errorCode();
        TokenUsage usage = outcome.usage();
        if (usage != null) {
            this.promptTokens = usage.promptTokens();
            this.completionTokens = usage.completionTokens();
            this.totalTokens = usage.totalTokens();
        }
        this.firstTokenMillis = outcome.timeToFirstToken() == null ? null : outcome.timeToFirstToken().toMillis();
        this.durationMillis = outcome.duration() == null ? null : outcome.duration().toMillis();
        this.updatedAt = Timestamps.stored(now);
    }

    public UUID id() {
        return id;
    }

    public UUID parentId() {
        return parentId;
    }

    public boolean isReply() {
        return role == MessageRole.ASSISTANT;
    }

    public Rating feedback() {
        return feedback;
    }

    public String feedbackComment() {
        return feedbackComment;
    }

    public String clientRequestId() {
        return clientRequestId;
    }

    public Long seq() {
        return seq;
    }

    public ChatSession session() {
        return session;
    }

    public MessageRole role() {
        return role;
    }

    public String content() {
        return content;
    }

    public String reasoning() {
        return reasoning;
    }

    public MessageStatus status() {
        return status;
    }

    public String model() {
        return model;
    }

    public String provider() {
        return provider;
    }

    public String finishReason() {
        return finishReason;
    }

    public String errorCode() {
        return errorCode;
    }

    public Integer contentTokens() {
        return contentTokens;
    }

    public TokenUsage usage() {
        return promptTokens == null ? null : new TokenUsage(promptTokens, completionTokens, totalTokens);
    }

    public Duration timeToFirstToken() {
        return firstTokenMillis == null ? null : Duration.ofMillis(firstTokenMillis);
    }

    public Duration duration() {
        return durationMillis == null ? null : Duration.ofMillis(durationMillis);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
