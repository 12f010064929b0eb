package dev.chatstream.sessions.control;

import dev.chatstream.platform.entity.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a session search ({@code GET /sessions?q=}): the runs of letters and digits in {@code q}, lower
 * case, each once. A session matches when every word is in its topic, or every word is in one of its messages
 * (docs/api.md). Words are letters and digits only, so they never carry a LIKE wildcard or tsquery operator.
 * <p>
 * A word with Chinese or Japanese characters is {@linkplain #unspaced() unspaced}: those scripts put no spaces
 * between words, so a full-text parser keeps a whole run as one token, and such a word is matched as a substring
 * instead of through the full-text index.
 */
public record SearchTerms(List<String> words) {

    public static final int MAX_LENGTH = 200;
    public static final int MAX_WORDS = 10;

    public SearchTerms {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a search needs a word");
        }
    }

    /** The terms of {@code q}; null (no filter) when {@code q} is absent or blank. */
    public static SearchTerms parse(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_LENGTH) {
            throw InvalidInput.of("q", "q is at most " + MAX_LENGTH + " characters");
        }
        Set<String> words = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= q.length(); ) {
            int c = i < q.length() ? q.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            i += Character.charCount(c);
        }
        if (words.isEmpty()) {
            throw InvalidInput.of("q", "q needs at least one word (letters or digits)");
        }
        if (words.size() > MAX_WORDS) {
            throw InvalidInput.of("q", "q has at most " + MAX_WORDS + " words");
        }
        return new SearchTerms(new ArrayList<>(words));
    }

    /** The words a full-text index can find: those without Chinese or Japanese characters. */
    public List<String> spaced() {
        return words.stream().filter(word -> !unspaced(word)).toList();
    }

    /** The words matched as substrings: those with Chinese or Japanese characters. */
    public List<String> unspaced() {
        return words.stream().filter(SearchTerms::unspaced).toList();
    }

    /**
     * PostgreSQL's tsquery of the {@linkplain #spaced() spaced} words: whole words, the last also as the beginning
     * of a word ({@code first & second & last:*}), as someone types. A prefix is looked up as every word it
     * begins, so a short or common one in the middle of a query would cost a scan of most of the index.
     */
    public String prefixQuery() {
        List<String> spaced = spaced();
        return spaced.isEmpty() ? "" : String.join(" & ", spaced) + ":*";
    }

    private static boolean unspaced(String word) {
        return word.codePoints().anyMatch(c -> switch (Character.UnicodeScript.of(c)) {
            case HAN, HIRAGANA, KATAKANA -> true;
            default -> false;
        });
    }
}
