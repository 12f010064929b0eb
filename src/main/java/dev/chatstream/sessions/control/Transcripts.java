package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.control.Database;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.Rating;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.chatstream.uploads.entity.ImageInfo;
import java.util.UUID;

/** Whole conversations taken out (every branch) and brought back in as new sessions of their importer. */
@ApplicationScoped
public class Transcripts {

    /** A session with all its messages, in the order they were made, and the images of those that show any. */
    public record Transcript(ChatSession session, List<Message> messages, Map<UUID, List<ImageInfo>> images) {

        public Transcript(ChatSession session, List<Message> messages) {
            this(session, messages, Map.of());
        }
    }

    /** A session to import, checked: every message's parent comes before it in {@code messages}. */
    public record Draft(String assistant, String topic, UUID currentLeaf, List<DraftMessage> messages) {
    }

    /** A message to import; ids are the transcript's own and are replaced by new ones. */
    public record DraftMessage(UUID id, UUID parentId, MessageRole role, String content, String reasoning,
                               MessageStatus status, String model, String finishReason, Rating rating,
                               String ratingComment, Instant createdAt) {
    }

    @Inject
    Database database;

    public Transcript export(Owner owner, UUID sessionId) {
        return database.transaction(em -> {
            ChatSession session = em.find(ChatSession.class, sessionId);
            if (session == null || !session.isOwnedBy(owner)) {
                throw new SessionNotFound(sessionId);
            }
            List<Message> messages = em.createQuery(
                            "SELECT m FROM Message m WHERE m.session = :session ORDER BY m.seq", Message.class)
                    .setParameter("session", session).getResultList();
            return new Transcript(session, messages, MessageImages.of(em,
                    messages.stream().filter(message -> !message.isReply()).map(Message::id).toList()));
        });
    }

    /** The branch a session shows, whole, oldest first. */
    public Transcript currentBranch(Owner owner, UUID sessionId) {
        return database.transaction(em -> {
            ChatSession session = em.find(ChatSession.class, sessionId);
            if (session == null || !session.isOwnedBy(owner)) {
                throw new SessionNotFound(sessionId);
            }
            return new Transcript(session, MessageTree.branch(em, session.currentLeaf(), Integer.MAX_VALUE));
        });
    }

    /** Stores {@code draft} as a new session of the owner's, with new ids; returns it. */
    public ChatSession importSession(Owner owner, Draft draft) {
        return database.transaction(em -> {
            Instant now = Instant.now();
            ChatSession session = new ChatSession(owner, draft.assistant(), now);
            if (draft.topic() != null) {
                session.rename(draft.topic());
            }
            em.persist(session);
            Map<UUID, UUID> newIds = new HashMap<>();
            for (DraftMessage imported : draft.messages()) {
                Message message = Message.imported(session, newIds.get(imported.parentId()), imported.role(),
                        imported.content(), imported.reasoning(), imported.status(), imported.model(),
                        imported.finishReason(), imported.createdAt() == null ? now : imported.createdAt());
                if (imported.rating() != null) {
                    message.rate(imported.rating(), imported.ratingComment(), now);
                }
                em.persist(message);
                em.flush(); // insertion order is the order a branch is read in: a parent before its children
                newIds.put(imported.id(), message.id());
            }
            session.showBranchEndingAt(newIds.get(draft.currentLeaf()));
            return session;
        });
    }
}
