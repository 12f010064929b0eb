package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.platform.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An owner's sessions and their history, for the REST API: keyset-paged lists (never OFFSET), renames,
 * deletes. Every lookup is scoped by owner; a session of someone else is {@link SessionNotFound}.
 */
@ApplicationScoped
public class SessionDirectory {

    @Inject
    Database database;

    public ChatSession create(Owner owner, String assistant, String topic) {
        ChatSession session = new ChatSession(owner, assistant, Instant.now());
        if (topic != null) {
            session.rename(topic);
        }
        database.run(em -> em.persist(session));
        return session;
    }

    /** Newest activity first; {@code assistant} null for all of them, {@code search} null for no search. */
    public Page<SessionSummary> list(Owner owner, String assistant, SearchTerms search, int limit, String cursor) {
        SessionSearch matching = search == null ? null : new SessionSearch(search, database.isPostgres());
        return database.transaction(em -> list(em, owner, assistant, matching, limit, cursor));
    }

    private static Page<SessionSummary> list(EntityManager em, Owner owner, String assistant, SessionSearch search,
                                             int limit, String cursor) {
        StringBuilder jpql = new StringBuilder(
                "SELECT s FROM ChatSession s WHERE s.ownerTenant = :tenant AND s.ownerSubject = :subject");
        if (assistant != null) {
            jpql.append(" AND s.assistant = :assistant");
        }
        if (search != null) {
            jpql.append(search.condition());
        }
        SessionCursor after = cursor == null ? null : SessionCursor.decode(cursor);
        if (after != null) {
            // the redundant first bound lets the index scan start at the cursor instead of filtering up to it
            jpql.append(" AND s.updatedAt <= :updatedAt AND (s.updatedAt < :updatedAt OR (s.updatedAt = :updatedAt AND s.id < :id))");
        }
        jpql.append(" ORDER BY s.updatedAt DESC, s.id DESC");
        TypedQuery<ChatSession> query = em.createQuery(jpql.toString(), ChatSession.class)
                .setParameter("tenant", owner.tenant())
                .setParameter("subject", owner.subject())
                .setMaxResults(limit + 1);
        if (assistant != null) {
            query.setParameter("assistant", assistant);
        }
        if (after != null) {
            query.setParameter("updatedAt", after.updatedAt()).setParameter("id", after.id());
        }
        if (search != null) {
            search.prepare(em);
            search.bind(query);
        }
        List<ChatSession> found = query.getResultList();
        boolean more = found.size() > limit;
        List<ChatSession> page = more ? found.subList(0, limit) : found;
        List<SessionSummary> summaries = summarize(em, page);
        ChatSession last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page<>(summaries, more ? new SessionCursor(last.updatedAt(), last.id()).encode() : null);
    }

    public SessionSummary get(Owner owner, UUID id) {
        return database.transaction(em -> summarize(em, List.of(owned(em, owner, id))).get(0));
    }

    public SessionSummary rename(Owner owner, UUID id, String topic) {
        if (topic == null || topic.isBlank()) {
            throw InvalidInput.of("topic", "topic is required and cannot be blank");
        }
        if (topic.length() > ChatSession.MAX_TOPIC_LENGTH) {
            throw InvalidInput.of("topic", "topic is at most " + ChatSession.MAX_TOPIC_LENGTH + " characters");
        }
        return database.transaction(em -> {
            ChatSession session = owned(em, owner, id);
            session.rename(topic);
            return summarize(em, List.of(session)).get(0);
        });
    }

    public void delete(Owner owner, UUID id) {
        database.run(em -> {
            ChatSession session = owned(em, owner, id);
            clearMessages(em, session);
            em.remove(session);
        });
    }

    public void clear(Owner owner, UUID id) {
        database.run(em -> clearMessages(em, owned(em, owner, id)));
    }

    /**
     * The branch the session shows, oldest to newest within the page, with the siblings of its messages;
     * {@code before} is the id of the oldest message already shown.
     */
    public History history(Owner owner, UUID sessionId, UUID before, int limit) {
        return database.transaction(em -> history(em, owned(em, owner, sessionId), before, limit));
    }

    /**
     * Makes the session show the branch through {@code messageId} — as it last went on from there — and continue
     * from its end; returns that branch's latest page.
     */
    public History showBranch(Owner owner, UUID sessionId, UUID messageId, int limit) {
        return database.transaction(em -> {
            ChatSession session = owned(em, owner, sessionId);
            Message message = em.find(Message.class, messageId);
            if (message == null || !message.session().id().equals(session.id())) {
                throw new MessageNotFound(messageId, "message_id");
            }
            session.showBranchEndingAt(MessageTree.newestLeafFrom(em, session, messageId));
            return history(em, session, null, limit);
        });
    }

    private static History history(EntityManager em, ChatSession session, UUID before, int limit) {
        UUID last = session.currentLeaf();
        if (before != null) {
            Message oldestShown = em.find(Message.class, before);
            if (oldestShown == null || !oldestShown.session().id().equals(session.id())) {
                throw InvalidInput.of("before", "before is not a message of this session");
            }
            last = oldestShown.parentId();
        }
        List<Message> shown = MessageTree.branch(em, last, limit + 1);
        boolean more = shown.size() > limit;
        if (more) {
            shown = shown.subList(1, shown.size());
        }
        return new History(new Page<>(shown, more ? shown.get(0).id().toString() : null),
                MessageTree.siblings(em, session, shown),
                MessageImages.of(em, shown.stream().filter(message -> !message.isReply()).map(Message::id).toList()));
    }

    private static ChatSession owned(EntityManager em, Owner owner, UUID id) {
        ChatSession session = em.find(ChatSession.class, id);
        if (session == null || !session.isOwnedBy(owner)) {
            throw new SessionNotFound(id);
        }
        return session;
    }

    private static void clearMessages(EntityManager em, ChatSession session) {
        session.showBranchEndingAt(null);
        em.createQuery("DELETE FROM Message m WHERE m.session = :session").setParameter("session", session).executeUpdate();
        // the images its messages showed go with them (their bytes too, by the database's cascade)
        em.createQuery("DELETE FROM Upload u WHERE u.sessionId = :session").setParameter("session", session.id())
                .executeUpdate();
    }

    private static List<SessionSummary> summarize(EntityManager em, List<ChatSession> sessions) {
        if (sessions.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = sessions.stream().map(ChatSession::id).toList();
        Map<UUID, Object[]> totals = new HashMap<>();
        for (Object[] row : em.createQuery("""
                        SELECT m.session.id, COUNT(m), COALESCE(SUM(m.promptTokens), 0), COALESCE(SUM(m.completionTokens), 0)
                        FROM Message m WHERE m.session.id IN :ids GROUP BY m.session.id""", Object[].class)
                .setParameter("ids", ids).getResultList()) {
            totals.put((UUID) row[0], row);
        }
        Map<UUID, String> latest = new HashMap<>();
        for (Object[] row : em.createQuery("""
                        SELECT m.session.id, m.content FROM Message m
                        WHERE m.seq IN (SELECT MAX(n.seq) FROM Message n
                                        WHERE n.session.id IN :ids AND n.content <> '' GROUP BY n.session.id)""", Object[].class)
                .setParameter("ids", ids).getResultList()) {
            latest.put((UUID) row[0], (String) row[1]);
        }
        return sessions.stream().map(session -> {
            Object[] row = totals.get(session.id());
            return row == null
                    ? new SessionSummary(session, 0, 0, 0, null)
                    : new SessionSummary(session, ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                            ((Number) row[3]).longValue(), SessionSummary.preview(latest.get(session.id())));
        }).toList();
    }
}
