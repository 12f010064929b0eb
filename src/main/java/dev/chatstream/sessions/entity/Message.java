package dev.chatstream.sessions.entity;

import dev.chatstream.models.entity.TokenUsage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
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

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "session_id", nullable = false, updatable = false)
    private ChatSession session;

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

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Message() {
        // for JPA
    }

    private Message(ChatSession session, MessageRole role, String content, MessageStatus status, String model, Instant now) {
        this.id = UUID.randomUUID();
        this.session = Objects.requireNonNull(session, "session");
        this.role = role;
        this.content = Objects.requireNonNull(content, "content");
        this.status = status;
        this.model = model;
        this.createdAt = Timestamps.stored(now);
        this.updatedAt = this.createdAt;
    }

    public static Message fromUser(ChatSession session, String content, Instant now) {
        return fromUser(session, content, null, null, now);
    }

    /**
     * A user's message; {@code clientRequestId} is the sender's own id for it, if it gave one, and
     * {@code contentTokens} what its text counts, if counted.
     */
    public static Message fromUser(ChatSession session, String content, String clientRequestId, Integer contentTokens,
                                   Instant now) {
        if (content.isBlank()) {
            throw new IllegalArgumentException("a message cannot be blank");
        }
        Message message = new Message(session, MessageRole.USER, content, MessageStatus.COMPLETE, null, now);
        message.clientRequestId = clientRequestId;
        message.contentTokens = contentTokens;
        return message;
    }

    public static Message pendingReply(ChatSession session, String model, Instant now) {
        return new Message(session, MessageRole.ASSISTANT, "", MessageStatus.STREAMING, model, now);
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
