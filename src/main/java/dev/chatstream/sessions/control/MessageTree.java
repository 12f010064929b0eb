package dev.chatstream.sessions.control;

import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.uploads.entity.ImageInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jakarta.persistence.EntityManager;

/**
 * Reads a conversation's message tree. A branch is a message and its ancestors; it is walked upwards with a recursive
 * query (the same SQL on H2 and PostgreSQL), one primary-key lookup per step, so that reading the latest messages
 * of a long conversation costs what they are, not what the conversation is.
 */
final class MessageTree {

    /**
     * Whether a message goes into a prompt: replies still streaming or failed have no text the user saw; a user's
     * message without text shows images.
     */
    private static final String IN_CONTEXT = "status NOT IN ('STREAMING', 'FAILED') AND (content <> '' OR role = 'USER')";

    private MessageTree() {
    }

    /** Up to {@code limit} messages of the branch ending at {@code last}, oldest first. */
    static List<Message> branch(EntityManager em, UUID last, int limit) {
        if (last == null || limit == 0) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("""
                        WITH RECURSIVE branch (id, parent_id, depth) AS (
                            SELECT id, parent_id, 1 FROM chat_message WHERE id = ?
                            UNION ALL
                            SELECT m.id, m.parent_id, b.depth + 1 FROM chat_message m JOIN branch b ON m.id = b.parent_id
                            WHERE b.depth < ?)
                        SELECT id FROM branch""")
                .setParameter(1, last)
                .setParameter(2, limit)
                .getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        // along a branch every message was stored after its parent: insertion order is branch order
        return em.createQuery("SELECT m FROM Message m WHERE m.id IN :ids ORDER BY m.seq", Message.class)
                .setParameter("ids", ids.stream().map(MessageTree::uuid).toList())
                .getResultList();
    }

    /**
     * What a prompt may use of the branch ending at {@code last}: its latest {@code limit} messages with text the
     * user saw, oldest first. The walk stops as soon as it has them.
     */
    static List<Turn.PastMessage> context(EntityManager em, UUID last, int limit) {
        if (last == null || limit == 0) {
            return List.of();
        }
        String counted = "CASE WHEN %s THEN 1 ELSE 0 END";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        WITH RECURSIVE branch (id, parent_id, counted) AS (
                            SELECT id, parent_id, %s FROM chat_message WHERE id = ?
                            UNION ALL
                            SELECT m.id, m.parent_id, b.counted + %s FROM chat_message m JOIN branch b ON m.id = b.parent_id
                            WHERE b.counted < ?)
                        SELECT m.role, m.content, m.content_tokens, m.id FROM chat_message m JOIN branch b ON m.id = b.id
                        WHERE %s
                        ORDER BY m.seq DESC"""
                        .formatted(counted.formatted(IN_CONTEXT), counted.formatted(prefixed(IN_CONTEXT)),
                                prefixed(IN_CONTEXT)))
                .setParameter(1, last)
                .setParameter(2, limit)
                .setMaxResults(limit)
                .getResultList();
        Map<UUID, List<ImageInfo>> images = MessageImages.of(em, rows.stream()
                .filter(row -> MessageRole.valueOf((String) row[0]) == MessageRole.USER).map(row -> uuid(row[3])).toList());
        List<Turn.PastMessage> oldestFirst = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) {
            Object[] row = rows.get(i);
            oldestFirst.add(new Turn.PastMessage(MessageRole.valueOf((String) row[0]), (String) row[1],
                    row[2] == null ? null : ((Number) row[2]).intValue(), images.get(uuid(row[3]))));
        }
        return oldestFirst;
    }

    /**
     * The siblings of each of {@code messages} that has any, itself included, in the order they were made; a message
     * without siblings is not in the map.
     */
    static Map<UUID, List<UUID>> siblings(EntityManager em, ChatSession session, Collection<Message> messages) {
        List<UUID> parents = messages.stream().map(Message::parentId).filter(Objects::nonNull).distinct().toList();
        boolean roots = messages.stream().anyMatch(message -> message.parentId() == null);
        Map<UUID, List<UUID>> children = new HashMap<>();
        if (!parents.isEmpty()) {
            collectChildren(children, em.createQuery("""
                            SELECT m.parentId, m.id FROM Message m WHERE m.parentId IN :parents ORDER BY m.seq""", Object[].class)
                    .setParameter("parents", parents).getResultList());
        }
        if (roots) {
            collectChildren(children, em.createQuery("""
                            SELECT m.parentId, m.id FROM Message m WHERE m.session = :session AND m.parentId IS NULL
                            ORDER BY m.seq""", Object[].class)
                    .setParameter("session", session).getResultList());
        }
        Map<UUID, List<UUID>> siblings = new LinkedHashMap<>();
        for (Message message : messages) {
            List<UUID> family = children.getOrDefault(message.parentId(), List.of());
            if (family.size() > 1) {
                siblings.put(message.id(), List.copyOf(family));
            }
        }
        return siblings;
    }

    private static void collectChildren(Map<UUID, List<UUID>> children, List<Object[]> rows) {
        for (Object[] row : rows) {
            children.computeIfAbsent((UUID) row[0], parent -> new ArrayList<>()).add((UUID) row[1]);
        }
    }

    /**
     * The end of the newest branch through {@code message}: from it, the most recently made child at each step.
     * Switching to a sibling thereby shows the conversation as it last went on from there.
     */
    static UUID newestLeafFrom(EntityManager em, ChatSession session, UUID message) {
        Map<UUID, UUID> newestChild = new HashMap<>();
        Map<UUID, Long> newestSeq = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT m.parentId, m.id, m.seq FROM Message m WHERE m.session = :session "
                        + "AND m.parentId IS NOT NULL", Object[].class)
                .setParameter("session", session).getResultList()) {
            UUID parent = (UUID) row[0];
            long seq = (Long) row[2];
            if (newestSeq.getOrDefault(parent, Long.MIN_VALUE) < seq) {
                newestSeq.put(parent, seq);
                newestChild.put(parent, (UUID) row[1]);
            }
        }
        UUID leaf = message;
        for (UUID child = newestChild.get(leaf); child != null; child = newestChild.get(leaf)) {
            leaf = child;
        }
        return leaf;
    }

    private static String prefixed(String condition) {
        return condition.replace("status", "m.status").replace("content", "m.content").replace("role", "m.role");
    }

    /** A UUID column read by a native query: a UUID from both drivers, but say so in one place. */
    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }
}
