package dev.chatstream.sessions.control;

import jakarta.persistence.TypedQuery;
import java.util.List;

/**
 * The condition a session list adds for {@link SearchTerms}: every word in the session's topic, or every word in
 * one of its messages. On PostgreSQL the spaced words go through the full-text GIN indexes of
 * {@code db/postgresql/V7_1__message_search.sql} (the same expressions as there, else they are not used), as
 * prefixes; unspaced (Chinese, Japanese) words are a case-insensitive substring. On H2 every word is a
 * case-insensitive substring: a scan of the owner's messages, fine for the embedded database's sizes.
 */
final class SessionSearch {

    private static final String TOPIC_TEXT = "SQL('to_tsvector(''simple'', ?) @@ to_tsquery(''simple'', ?)', s.topic, :tsquery)";
    private static final String MESSAGE_TEXT = "SQL('to_tsvector(''simple'', ?) @@ to_tsquery(''simple'', ?)', m.content, :tsquery)";

    private final SearchTerms terms;
    private final boolean postgres;

    SessionSearch(SearchTerms terms, boolean postgres) {
        this.terms = terms;
        this.postgres = postgres;
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
