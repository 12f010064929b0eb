package dev.chatstream.sessions.boundary;

import dev.chatstream.models.entity.TokenUsage;
import dev.chatstream.sessions.control.History;
import dev.chatstream.sessions.control.Page;
import dev.chatstream.sessions.control.SessionSummary;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.uploads.entity.ImageInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the sessions API (snake_case on the wire). */
public final class Views {

    private Views() {
    }

    public record Usage(long promptTokens, long completionTokens, long totalTokens) {
        static Usage of(TokenUsage usage) {
            return usage == null ? null : new Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
        }
    }

    public record SessionView(UUID id, String assistant, String topic, Instant createdAt, Instant updatedAt,
                       long messageCount, String lastMessage, Usage usage, String greeting) {
        static SessionView of(SessionSummary summary, String greeting) {
            ChatSession session = summary.session();
            return new SessionView(session.id(), session.assistant(), session.topic(), session.createdAt(),
                    session.updatedAt(), summary.messageCount(), summary.lastMessage(),
                    new Usage(summary.promptTokens(), summary.completionTokens(),
                            summary.promptTokens() + summary.completionTokens()), greeting);
        }
    }

    public record SessionList(List<SessionView> data, boolean hasMore, String nextCursor) {
        static SessionList of(Page<SessionSummary> page) {
            return new SessionList(page.items().stream().map(summary -> SessionView.of(summary, null)).toList(),
                    page.hasMore(), page.next());
        }
    }

    /** Where a message with alternatives stands among them: {@code index} counts from 1, in the order they were made. */
    public record Branch(int index, int count, List<UUID> siblings) {
        static Branch of(UUID message, List<UUID> siblings) {
            return siblings == null ? null : new Branch(siblings.indexOf(message) + 1, siblings.size(), siblings);
        }
    }

    public record Feedback(String rating, String comment) {
        static Feedback of(Message message) {
            return message.feedback() == null ? null : new Feedback(message.feedback().wire(), message.feedbackComment());
        }
    }

    /** An image a message shows, with where to get its bytes. */
    public record ImageView(UUID id, String mediaType, long bytes, int width, int height, String url) {
        static List<ImageView> of(List<ImageInfo> images) {
            return images == null || images.isEmpty() ? null : images.stream()
                    .map(image -> new ImageView(image.id(), image.mediaType(), image.bytes(), image.width(),
                            image.height(), image.url()))
                    .toList();
        }
    }

    /** {@code images} only for a user's message that shows any. */
    public record MessageView(UUID id, UUID parentId, String role, String content, String reasoning, String status,
                              String model, String provider, String finishReason, Usage usage, Branch branch,
                              Feedback feedback, Instant createdAt, List<ImageView> images) {
        static MessageView of(Message message, List<UUID> siblings, List<ImageInfo> images) {
            return new MessageView(message.id(), message.parentId(), message.role().name().toLowerCase(),
                    message.content(), message.reasoning(), message.status().wire(), message.model(),
                    message.provider(), message.finishReason(), Usage.of(message.usage()),
                    Branch.of(message.id(), siblings), Feedback.of(message), message.createdAt(), ImageView.of(images));
        }
    }

    public record MessageList(List<MessageView> data, boolean hasMore, String nextBefore) {
        static MessageList of(History history) {
            Page<Message> page = history.page();
            return new MessageList(page.items().stream()
                    .map(message -> MessageView.of(message, history.siblings().get(message.id()),
                            history.images().get(message.id()))).toList(),
                    page.hasMore(), page.next());
        }
    }

    public record ShowBranch(String messageId) {
    }

    public record Rate(String rating, String comment) {
    }

    public record NewSession(String assistant, String topic) {
    }

    public record Rename(String topic) {
    }
}
