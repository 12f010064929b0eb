package dev.chatstream.sessions.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.control.Transcripts;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.Rating;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole conversation as JSON (docs/api.md, "Export and import"): what {@code export} writes and {@code import}
 * reads back. Imports are checked field by field; the first field that breaks a rule is named in the 400.
 */
public final class TranscriptJson {

    public static final String FORMAT = "chatstream.session";
    public static final int VERSION = 1;

    private TranscriptJson() {
    }

    public record SessionPart(UUID id, String assistant, String topic, Instant createdAt, Instant updatedAt,
                              UUID currentLeaf) {
    }

    public record Export(String format, int version, Instant exportedAt, SessionPart session,
                         List<Views.MessageView> messages) {

        static Export of(Transcripts.Transcript transcript) {
            ChatSession session = transcript.session();
            return new Export(FORMAT, VERSION, Instant.now(), new SessionPart(session.id(), session.assistant(),
                    session.topic(), session.createdAt(), session.updatedAt(), session.currentLeaf()),
                    transcript.messages().stream().map(message -> Views.MessageView.of(message, null,
                            transcript.images().get(message.id()))).toList());
        }
    }

    /** An import as sent: everything a string, so that each field can be refused by name. */
    public record Import(String format, Integer version, ImportedSession session, List<ImportedMessage> messages) {
    }

    public record ImportedSession(String assistant, String topic, String currentLeaf) {
    }

    /** {@code images} are read only to know that a message showed some: an import brings no images back. */
    public record ImportedMessage(String id, String parentId, String role, String content, String reasoning,
                                  String status, String model, String finishReason, Views.Feedback feedback,
                                  String createdAt, List<Object> images) {
    }

    /** What an imported user's message without text says in place of the images it showed, which are not imported. */
    static final String IMAGES_NOT_IMPORTED = "[image]";

    /** Checks {@code body} against the format and the rules of a conversation's tree. */
    static Transcripts.Draft draft(Import body, AssistantCatalog assistants, int maxMessages, int maxMessageChars) {
        if (body == null) {
            throw InvalidInput.of(null, "A JSON body made by GET /api/v1/sessions/{id}/export is required");
        }
        if (!FORMAT.equals(body.format())) {
            throw InvalidInput.of("format", "format must be \"" + FORMAT + "\"");
        }
        if (body.version() == null || body.version() != VERSION) {
            throw InvalidInput.of("version", "version must be " + VERSION);
        }
        ImportedSession session = body.session() == null ? new ImportedSession(null, null, null) : body.session();
        String assistant = session.assistant() == null || session.assistant().isBlank()
                ? assistants.byDefault().name()
                : assistants.find(session.assistant()).orElseThrow(() -> InvalidInput.of("session.assistant",
                        "Unknown assistant '" + session.assistant() + "' (leave it out for the default one)")).name();
        String topic = session.topic() == null || session.topic().isBlank() ? null : session.topic();
        if (topic != null && topic.length() > ChatSession.MAX_TOPIC_LENGTH) {
            throw InvalidInput.of("session.topic", "topic is at most " + ChatSession.MAX_TOPIC_LENGTH + " characters");
        }
        List<ImportedMessage> sent = body.messages();
        if (sent == null || sent.isEmpty()) {
            throw InvalidInput.of("messages", "messages must list at least one message");
        }
        if (sent.size() > maxMessages) {
            throw InvalidInput.tooLarge("messages", "an import holds at most " + maxMessages + " messages");
        }
        Map<UUID, MessageRole> seen = new HashMap<>();
        List<Transcripts.DraftMessage> messages = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            messages.add(message(sent.get(i), "messages[" + i + "].", seen, maxMessageChars));
        }
        UUID currentLeaf = session.currentLeaf() == null ? messages.get(messages.size() - 1).id()
                : Text.uuid(session.currentLeaf()).filter(seen::containsKey).orElseThrow(() -> InvalidInput.of(
                        "session.current_leaf", "current_leaf must be the id of one of the messages"));
        return new Transcripts.Draft(assistant, topic, currentLeaf, messages);
    }

    private static Transcripts.DraftMessage message(ImportedMessage sent, String at, Map<UUID, MessageRole> seen,
                                                    int maxChars) {
        if (sent == null) {
            throw InvalidInput.of(at.substring(0, at.length() - 1), "a message cannot be null");
        }
        UUID id = Text.uuid(sent.id()).orElseThrow(() -> InvalidInput.of(at + "id", "id must be a UUID"));
        if (seen.containsKey(id)) {
            throw InvalidInput.of(at + "id", "id " + id + " is used twice");
        }
        MessageRole role = switch (sent.role() == null ? "" : sent.role()) {
            case "user" -> MessageRole.USER;
            case "assistant" -> MessageRole.ASSISTANT;
            default -> throw InvalidInput.of(at + "role", "role must be \"user\" or \"assistant\"");
        };
        UUID parent = null;
        if (sent.parentId() != null) {
            parent = Text.uuid(sent.parentId()).filter(seen::containsKey).orElseThrow(() -> InvalidInput.of(
                    at + "parent_id", "parent_id must be the id of a message listed before this one"));
        }
        MessageRole parentRole = parent == null ? null : seen.get(parent);
        if (role == MessageRole.ASSISTANT && parentRole != MessageRole.USER) {
            throw InvalidInput.of(at + "parent_id", "a reply follows a user's message");
        }
        if (role == MessageRole.USER && parentRole == MessageRole.USER) {
            throw InvalidInput.of(at + "parent_id", "a user's message follows a reply or starts the conversation");
        }
        String content = sent.content();
        if (role == MessageRole.USER && content != null && content.isBlank() && sent.images() != null
                && !sent.images().isEmpty()) {
            content = IMAGES_NOT_IMPORTED;
        }
        if (content == null || (role == MessageRole.USER && content.isBlank())) {
            throw InvalidInput.of(at + "content", "content is required" + (role == MessageRole.USER
                    ? " and cannot be blank for a user's message" : ""));
        }
        if (content.length() > maxChars) {
            throw InvalidInput.tooLarge(at + "content", "content is longer than " + maxChars + " characters");
        }
        MessageStatus status = status(sent.status(), role, at);
        Rating rating = null;
        String comment = null;
        if (sent.feedback() != null) {
            if (role != MessageRole.ASSISTANT) {
                throw InvalidInput.of(at + "feedback", "only a reply can carry feedback");
            }
            rating = Rating.parse(sent.feedback().rating()).orElseThrow(
                    () -> InvalidInput.of(at + "feedback.rating", "rating must be \"up\" or \"down\""));
            comment = sent.feedback().comment();
            if (comment != null && comment.length() > Message.MAX_FEEDBACK_COMMENT) {
                throw InvalidInput.of(at + "feedback.comment",
                        "comment is at most " + Message.MAX_FEEDBACK_COMMENT + " characters");
            }
        }
        seen.put(id, role);
        return new Transcripts.DraftMessage(id, parent, role, content, sent.reasoning(), status,
                shortText(sent.model(), 200, at + "model"), shortText(sent.finishReason(), 64, at + "finish_reason"),
                rating, comment, instant(sent.createdAt(), at + "created_at"));
    }

    private static MessageStatus status(String wire, MessageRole role, String at) {
        if (wire == null) {
            return MessageStatus.COMPLETE;
        }
        for (MessageStatus status : MessageStatus.values()) {
            if (status != MessageStatus.STREAMING && status.wire().equals(wire)) {
                if (role == MessageRole.USER && status != MessageStatus.COMPLETE) {
                    break;
                }
                return status;
            }
        }
        throw InvalidInput.of(at + "status", role == MessageRole.USER
                ? "a user's message is \"complete\""
                : "status must be complete, incomplete, failed, cancelled or interrupted");
    }

    private static String shortText(String text, int max, String field) {
        if (text != null && text.length() > max) {
            throw InvalidInput.of(field, field + " is at most " + max + " characters");
        }
        return text;
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, "created_at must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
