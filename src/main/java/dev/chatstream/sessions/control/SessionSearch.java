package dev.chatstream.sessions.control;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;

/**
 * The condition a session list adds for {@link SearchTerms}: every word in the session's topic, or every word in
 * one of its messages. On PostgreSQL the spaced words are full text, whole words and the last also as a prefix:
 * against each message's stored words ({@code content_search} of {@code db/postgresql/V7_1__message_search.sql},
 * GIN-indexed) and the topic parsed on the way; unspaced (Chinese, Japanese) words are a case-insensitive
 * substring. On H2 every word is a case-insensitive substring: a scan of the owner's messages, fine for the
 * embedded database's sizes.
 */
final class SessionSearch {

    private static final String TOPIC_TEXT = "SQL('to_tsvector(''simple'', ?) @@ to_tsquery(''simple'', ?)', s.topic, :tsquery)";
    /** The column of db/postgresql/V7_1__message_search.sql, which the entity does not map (H2 has none). */
    private static final String MESSAGE_TEXT = "SQL('? @@ to_tsquery(''simple'', ?)', COLUMN('content_search', m), :tsquery)";

    private final SearchTerms terms;
    private final boolean postgres;

    SessionSearch(SearchTerms terms, boolean postgres) {
        this.terms = terms;
        this.postgres = postgres;
    }

    /**
     * On PostgreSQL, plans this transaction's search for its own words. The JDBC driver prepares a statement on the
     * server once it has run a few times, and PostgreSQL may then keep a generic plan, made without the words:
     * one that cannot tell a word in every message (best checked session by session) from a rare one (best
     * looked up in the index), and was seen to take a second (docs/performance.md, "Session search").
     */
    void prepare(EntityManager em) {
        if (postgres) {
            em.createNativeQuery("SET LOCAL plan_cache_mode = force_custom_plan").executeUpdate();
        }
    }

    /** The JPQL condition on session {@code s}, with its parameters named {@code :tsquery} and {@code :wordN}. */
    String condition() {
        return " AND ((" + matches("s.topic", TOPIC_TEXT)
                + ") OR EXISTS (SELECT m.id FROM Message m WHERE m.session = s AND " + matches("m.content", MESSAGE_TEXT) + "))";
    }

    void bind(TypedQuery<?> query) {
        if (postgres && !terms.spaced().isEmpty()) {
            query.setParameter("tsquery", terms.prefixQuery());
        }
        List<String> substrings = substrings();
        for (int i = 0; i < substrings.size(); i++) {
            // words are letters and digits only: nothing in them is a LIKE wildcard
            query.setParameter("word" + i, "%" + substrings.get(i) + "%");
        }
    }

    private String matches(String column, String fullText) {
        StringBuilder all = new StringBuilder();
        if (postgres && !terms.spaced().isEmpty()) {
            all.append(fullText);
        }
        for (int i = 0; i < substrings().size(); i++) {
            all.append(all.isEmpty() ? "" : " AND ").append(postgres
                    ? "SQL('? ILIKE ?', " + column + ", :word" + i + ")"
                    : "LOWER(" + column + ") LIKE :word" + i);
        }
        return all.toString();
    }

    private List<String> substrings() {
        return postgres ? terms.unspaced() : terms.words();
    }
}
