package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Fork;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.ReplyOutcome;
import dev.chatstream.platform.control.Database;
import dev.chatstream.uploads.entity.ImageInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.chatstream.platform.entity.InvalidInput;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Conversations in the database, one transaction per method. */
@ApplicationScoped
public class Conversations {

    @Inject
    Database database;

    /**
     * Checks that {@code fork} names a message of the owner's that can be forked there, and says where it is: a
     * regenerated reply's own question is asked again; an edited message must be a user's.
     *
     * @param sessionId the session the request named, if it did: the message must be in it
     */
    public Fork.Point forkPoint(Owner owner, UUID sessionId, Fork fork) {
        return database.transaction(em -> {
            Message forked = forked(em, owner, sessionId, fork);
            if (fork.kind() != Fork.Kind.REGENERATE) {
                return new Fork.Point(forked.session().id(), null);
            }
            Message question = em.find(Message.class, forked.parentId());
            return new Fork.Point(forked.session().id(), question.content(),
                    MessageImages.of(em, List.of(question.id())).getOrDefault(question.id(), List.of()).size());
        });
    }

    /**
     * Saves the user's message and a pending reply — creating the session when {@code sessionId} is null — where
     * {@code fork} says, makes them the session's current branch and returns them with up to {@code historyLimit}
     * earlier messages of that branch, oldest first. A regenerated reply gets no new user message: its question is
     * answered again, with the history it had.
     *
     * @param assistant     the assistant for a new session; for an existing one it must match, or be null
     * @param content       the user's message (for a regenerated reply: its question's, unused); blank only with images
     * @param images        the owner's uploads the message shows, in order; one that is not theirs, or shown in another
     *                      session, is {@link UploadNotFound} (for a regenerated reply: none, its question's are used)
     * @param contentTokens what the message's text counts, stored for later prompts
     * @param replyId       the id the reply is announced by
     * @param generatedBy   the server instance that generates the reply
     * @param provider      the provider chosen to answer, with {@code model}
     */
    public Turn begin(Owner owner, UUID sessionId, Fork fork, String assistant, String content, int contentTokens,
                      List<UUID> images, String clientRequestId, String provider, String model, int historyLimit,
                      UUID replyId, String generatedBy) {
        return database.transaction(em -> {
            Instant now = Instant.now();
            ChatSession session;
            boolean first;
            if (sessionId == null) {
                session = new ChatSession(owner, assistant, now);
                em.persist(session);
                first = true;
            } else {
                // locked: two messages sent at once to one session follow each other instead of forking it
                session = find(em, owner, sessionId, LockModeType.PESSIMISTIC_WRITE)
                        .orElseThrow(() -> new SessionNotFound(sessionId));
                if (assistant != null && !assistant.equals(session.assistant())) {
                    throw new AssistantMismatch(session.assistant());
                }
                first = fork.kind() == Fork.Kind.CONTINUE && session.topic() == null && !hasMessages(em, session);
                session.touch(now);
            }
            Message question;
            UUID historyEnd;
            switch (fork.kind()) {
                case REGENERATE -> {
                    question = em.find(Message.class, forked(em, owner, sessionId, fork).parentId());
                    historyEnd = question.parentId();
                }
                case EDIT -> {
                    historyEnd = forked(em, owner, sessionId, fork).parentId();
                    question = Message.fromUser(session, historyEnd, content, clientRequestId, contentTokens,
                            images.size(), now);
                }
                default -> {
                    historyEnd = session.currentLeaf();
                    question = Message.fromUser(session, historyEnd, content, clientRequestId, contentTokens,
                            images.size(), now);
                }
            }
            List<Turn.PastMessage> history = MessageTree.context(em, historyEnd, historyLimit);
            List<ImageInfo> shown;
            if (fork.kind() != Fork.Kind.REGENERATE) {
                em.persist(question);
                em.flush(); // the question's seq must come before the reply's
                shown = MessageImages.attach(em, owner, session.id(), question.id(), images);
            } else {
                shown = MessageImages.of(em, List.of(question.id())).getOrDefault(question.id(), List.of());
            }
            Message reply = Message.pendingReply(replyId, session, question, provider, model, generatedBy,
                    fork.kind() == Fork.Kind.REGENERATE ? clientRequestId : null, now);
            em.persist(reply);
            session.showBranchEndingAt(reply.id());
            return new Turn(session.id(), session.assistant(), question.id(), reply.id(), first, history, shown);
        });
    }

    /** The message {@code fork} names, checked: the owner's, in {@code sessionId} if given, and of the right role. */
    private static Message forked(EntityManager em, Owner owner, UUID sessionId, Fork fork) {
        Message message = Optional.ofNullable(em.find(Message.class, fork.messageId()))
                .filter(found -> found.session().isOwnedBy(owner))
                .filter(found -> sessionId == null || found.session().id().equals(sessionId))
                .orElseThrow(() -> new MessageNotFound(fork.messageId(), fork.kind().field()));
        if (fork.kind() == Fork.Kind.REGENERATE && !message.isReply()) {
            throw InvalidInput.of("regenerate", "regenerate names an assistant reply; " + message.id()
                    + " is a user's message (to change it, send it as edit)");
        }
        if (fork.kind() == Fork.Kind.EDIT && message.isReply()) {
            throw InvalidInput.of("edit", "edit names a user's message; " + message.id()
                    + " is an assistant reply (to get another one, send it as regenerate)");
        }
        if (fork.kind() == Fork.Kind.REGENERATE && message.status() == MessageStatus.STREAMING) {
            throw new ReplyStillStreaming(message.id());
        }
        return message;
    }

    public Optional<ChatSession> find(Owner owner, UUID sessionId) {
        return database.transaction(em -> find(em, owner, sessionId));
    }

    /** A reply (or any message) of the owner's, or empty whether it is missing or someone else's. */
    public Optional<Message> message(Owner owner, UUID id) {
        return database.transaction(em -> Optional.ofNullable(em.find(Message.class, id))
                .filter(message -> message.session().isOwnedBy(owner)));
    }

    /**
     * The reply to the owner's request sent with {@code clientRequestId}, if there is one: the first reply to the
     * message it sent, or the reply it regenerated.
     */
    public Optional<Message> replyTo(Owner owner, String clientRequestId) {
        return database.transaction(em -> em.createQuery("""
                        SELECT m FROM Message m
                        WHERE m.clientRequestId = :id AND m.session.ownerSubject = :subject AND m.session.ownerTenant = :tenant
                        ORDER BY m.seq""", Message.class)
                .setParameter("id", clientRequestId)
                .setParameter("subject", owner.subject())
                .setParameter("tenant", owner.tenant())
                .setMaxResults(1)
                .getResultStream().findFirst()
                .flatMap(sent -> sent.isReply() ? Optional.of(sent) : em.createQuery("""
                                SELECT r FROM Message r WHERE r.parentId = :question ORDER BY r.seq""", Message.class)
                        .setParameter("question", sent.id())
                        .setMaxResults(1)
                        .getResultStream().findFirst()));
    }

    /** How many of the owner's latest sessions {@link #continuedBy} compares. */
    private static final int CONTINUATION_CANDIDATES = 5;

    /**
     * The owner's session that {@code history} continues: among their five most recently active sessions with this
     * assistant, the one whose current branch is exactly {@code history} — the same number, in the same order,
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
                // one more tells a longer branch apart
                List<Message> shown = MessageTree.branch(em, em.find(ChatSession.class, candidate).currentLeaf(),
                        history.size() + 1);
                if (matches(shown, history)) {
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

    /** The user's message a reply answers. */
    public Optional<Message> question(Message reply) {
        return reply.parentId() == null ? Optional.empty()
                : database.transaction(em -> Optional.ofNullable(em.find(Message.class, reply.parentId())));
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
        return find(em, owner, sessionId, LockModeType.NONE);
    }

    private static Optional<ChatSession> find(EntityManager em, Owner owner, UUID sessionId, LockModeType lock) {
        return Optional.ofNullable(em.find(ChatSession.class, sessionId, lock)).filter(session -> session.isOwnedBy(owner));
    }

    private static boolean hasMessages(EntityManager em, ChatSession session) {
        return !em.createQuery("SELECT m.id FROM Message m WHERE m.session = :session", UUID.class)
                .setParameter("session", session)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }
}
