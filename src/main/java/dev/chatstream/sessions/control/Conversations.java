package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.ReplyOutcome;
import dev.chatstream.platform.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Conversations in the database, one transaction per method. */
@ApplicationScoped
public class Conversations {

    /**
     * Messages that do not belong in a prompt: every other reply carries text the user saw. Written as an
     * exclusion on purpose: with {@code status IN (...)} H2 walks the status index through every session's
     * messages instead of seeking the session's own.
     */
    private static final List<MessageStatus> NOT_IN_CONTEXT = List.of(MessageStatus.STREAMING, MessageStatus.FAILED);

    @Inject
    Database database;

    /**
     * Saves the user's message and a pending reply — creating the session when {@code sessionId} is null —
     * and returns them with up to {@code historyLimit} earlier messages, oldest first.
     *
     * @param assistant     the assistant for a new session; for an existing one it must match, or be null
     * @param contentTokens what the message's text counts, stored for later prompts
     * @param replyId       the id the reply is announced by
     * @param generatedBy   the server instance that generates the reply
     */
    public Turn begin(Owner owner, UUID sessionId, String assistant, String content, int contentTokens,
                      String clientRequestId, String model, int historyLimit, UUID replyId, String generatedBy) {
        return database.transaction(em -> {
            Instant now = Instant.now();
            ChatSession session;
            List<Turn.PastMessage> history;
            boolean first;
            if (sessionId == null) {
                session = new ChatSession(owner, assistant, now);
                em.persist(session);
                history = List.of();
                first = true;
            } else {
                session = owned(em, owner, sessionId);
                if (assistant != null && !assistant.equals(session.assistant())) {
                    throw new AssistantMismatch(session.assistant());
                }
                history = history(em, session, historyLimit);
                first = session.topic() == null && !hasMessages(em, session);
                session.touch(now);
            }
            Message question = Message.fromUser(session, content, clientRequestId, contentTokens, now);
            Message reply = Message.pendingReply(replyId, session, model, generatedBy, now);
            em.persist(question);
            em.flush(); // the question's seq must come before the reply's
            em.persist(reply);
            return new Turn(session.id(), session.assistant(), question.id(), reply.id(), first, history);
        });
    }

    public Optional<ChatSession> find(Owner owner, UUID sessionId) {
        return database.transaction(em -> find(em, owner, sessionId));
    }

    /** A reply (or any message) of the owner's, or empty whether it is missing or someone else's. */
    public Optional<Message> message(Owner owner, UUID id) {
        return database.transaction(em -> Optional.ofNullable(em.find(Message.class, id))
                .filter(message -> message.session().isOwnedBy(owner)));
    }

    /** The reply to the owner's message sent with {@code clientRequestId}, if there is one. */
    public Optional<Message> replyTo(Owner owner, String clientRequestId) {
        return database.transaction(em -> em.createQuery("""
                        SELECT r FROM Message q, Message r
                        WHERE q.clientRequestId = :id AND q.session.ownerSubject = :subject AND q.session.ownerTenant = :tenant
                          AND r.session = q.session AND r.role = :assistant AND r.seq > q.seq
                        ORDER BY r.seq""", Message.class)
                .setParameter("id", clientRequestId)
                .setParameter("subject", owner.subject())
                .setParameter("tenant", owner.tenant())
                .setParameter("assistant", MessageRole.ASSISTANT)
                .setMaxResults(1)
                .getResultStream().findFirst());
    }

    /** How many of the owner's latest sessions {@link #continuedBy} compares. */
    private static final int CONTINUATION_CANDIDATES = 5;

    /**
     * The owner's session that {@code history} continues: among their five most recently active sessions with this
     * assistant, the one whose stored messages are exactly {@code history} — the same number, in the same order,
     * each with the same role and text. A client that resends the whole conversation each time (as every OpenAI
     * client does) thereby goes on in one session.
     */
    public Optional<UUID> continuedBy(Owner owner, String assistant, List<ModelMessage> history) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        return database.transaction(em -> {
            List<UUID> candidates = em.createQuery("""
                            SELECT s.id FROM ChatSession s
                            WHERE s.ownerSubject = :subject AND s.ownerTenant = :tenant AND s.assistant = :assistant
                            ORDER BY s.updatedAt DESC""", UUID.class)
                    .setParameter("subject", owner.subject()).setParameter("tenant", owner.tenant())
                    .setParameter("assistant", assistant)
                    .setMaxResults(CONTINUATION_CANDIDATES)
                    .getResultList();
            for (UUID candidate : candidates) {
                List<Message> stored = em.createQuery(
                                "SELECT m FROM Message m WHERE m.session.id = :session ORDER BY m.seq", Message.class)
                        .setParameter("session", candidate)
                        .setMaxResults(history.size() + 1) // one more tells a longer session apart
                        .getResultList();
                if (matches(stored, history)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        });
    }

    private static boolean matches(List<Message> stored, List<ModelMessage> history) {
        if (stored.size() != history.size()) {
            return false;
        }
        for (int i = 0; i < stored.size(); i++) {
            MessageRole role = history.get(i).role() == ModelMessage.Role.USER ? MessageRole.USER : MessageRole.ASSISTANT;
            if (stored.get(i).role() != role || !stored.get(i).content().equals(history.get(i).content())) {
                return false;
            }
        }
        return true;
    }

    /** The user's message a reply answers: the one just before it. */
    public Optional<Message> question(Message reply) {
        return database.transaction(em -> em.createQuery("""
                        SELECT m FROM Message m WHERE m.session = :session AND m.seq < :seq AND m.role = :user
                        ORDER BY m.seq DESC""", Message.class)
                .setParameter("session", reply.session())
                .setParameter("seq", reply.seq())
                .setParameter("user", MessageRole.USER)
                .setMaxResults(1)
                .getResultStream().findFirst());
    }

    /** Writes the text of running replies, all in one transaction: one commit per interval, not per reply. */
    public void checkpoint(List<ReplyDraft> drafts) {
        database.run(em -> {
            Instant now = Instant.now();
            for (ReplyDraft draft : drafts) {
                em.createQuery("""
                                UPDATE Message m SET m.content = :content, m.reasoning = :reasoning, m.updatedAt = :now
                                WHERE m.id = :id AND m.status = :streaming""")
                        .setParameter("content", draft.content())
                        .setParameter("reasoning", draft.reasoning().isEmpty() ? null : draft.reasoning())
                        .setParameter("now", now)
                        .setParameter("id", draft.replyId())
                        .setParameter("streaming", MessageStatus.STREAMING)
                        .executeUpdate();
            }
        });
    }

    /** Writes how a reply ended, in one update. */
    public void endReply(UUID replyId, ReplyOutcome outcome) {
        database.run(em -> {
            Message reply = em.find(Message.class, replyId);
            if (reply == null) {
                return; // the session was deleted while its reply was generated
            }
            reply.end(outcome, Instant.now());
            reply.session().touch(Instant.now());
        });
    }

    /** Stores a generated title unless the session has one; returns the title the session now has. */
    public Optional<String> nameSession(UUID sessionId, String topic) {
        return database.transaction(em -> {
            ChatSession session = em.find(ChatSession.class, sessionId);
            if (session == null) {
                return Optional.empty();
            }
            session.nameIfUnnamed(topic);
            return Optional.of(session.topic());
        });
    }

    /** The server instances generating replies now, as the replies record them ({@code ""} for none recorded). */
    public Set<String> generatingInstances() {
        Set<String> instances = new HashSet<>();
        database.run(em -> em.createQuery("SELECT DISTINCT m.generatedBy FROM Message m WHERE m.status = :streaming", String.class)
                .setParameter("streaming", MessageStatus.STREAMING)
                .getResultList()
                .forEach(instance -> instances.add(instance == null ? "" : instance)));
        return instances;
    }

    /**
     * Marks interrupted the replies a dead server instance ({@code ""}: none recorded) left streaming, keeping
     * their checkpointed text; returns them.
     */
    public List<Message> markInterruptedOf(String instance) {
        return database.transaction(em -> {
            TypedQuery<Message> streaming = em.createQuery("SELECT m FROM Message m WHERE m.status = :streaming AND "
                            + (instance.isEmpty() ? "m.generatedBy IS NULL" : "m.generatedBy = :instance"), Message.class)
                    .setParameter("streaming", MessageStatus.STREAMING);
            if (!instance.isEmpty()) {
                streaming.setParameter("instance", instance);
            }
            List<Message> cutOff = streaming.getResultList();
            Instant now = Instant.now();
            cutOff.forEach(reply -> reply.interrupt(now));
            return cutOff;
        });
    }

    /** At start: replies that were being generated when the server stopped will never end by themselves. */
    public int markInterrupted() {
        return database.transaction(em -> em.createQuery("UPDATE Message m SET m.status = :interrupted, m.updatedAt = :now WHERE m.status = :streaming")
                .setParameter("interrupted", MessageStatus.INTERRUPTED)
                .setParameter("streaming", MessageStatus.STREAMING)
                .setParameter("now", Instant.now())
                .executeUpdate());
    }

    private static Optional<ChatSession> find(EntityManager em, Owner owner, UUID sessionId) {
        return Optional.ofNullable(em.find(ChatSession.class, sessionId)).filter(session -> session.isOwnedBy(owner));
    }

    private static ChatSession owned(EntityManager em, Owner owner, UUID sessionId) {
        return find(em, owner, sessionId).orElseThrow(() -> new SessionNotFound(sessionId));
    }

    private static boolean hasMessages(EntityManager em, ChatSession session) {
        return !em.createQuery("SELECT m.id FROM Message m WHERE m.session = :session", UUID.class)
                .setParameter("session", session)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    private static List<Turn.PastMessage> history(EntityManager em, ChatSession session, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<Turn.PastMessage> newestFirst = new ArrayList<>();
        for (Object[] row : em.createQuery("""
                        SELECT m.role, m.content, m.contentTokens FROM Message m
                        WHERE m.session = :session AND m.status NOT IN :excluded AND m.content <> ''
                        ORDER BY m.seq DESC""", Object[].class)
                .setParameter("session", session)
                .setParameter("excluded", NOT_IN_CONTEXT)
                .setMaxResults(limit)
                .getResultList()) {
            newestFirst.add(new Turn.PastMessage((MessageRole) row[0], (String) row[1], (Integer) row[2]));
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
