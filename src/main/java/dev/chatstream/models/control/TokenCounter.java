package dev.chatstream.models.control;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts tokens with a real BPE tokenizer (cl100k_base). Providers tokenize differently; this is a close,
 * consistent estimate for budgeting context, not a bill.
 */
@ApplicationScoped
public class TokenCounter {

    /** Per-message framing tokens the chat format adds around each message's content. */
    public static final int PER_MESSAGE_OVERHEAD = 4;

    /**
     * The longest stretch of text handed to the tokenizer at once. Its merge needs memory in proportion to the
     * longest run without a space (more than 1 GB for a 20 MB run of letters): longer texts are counted in
     * stretches.
     */
    static final int LONGEST_STRETCH = 8_192;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        for (int from = 0, to; from < text.length(); from = to) {
            to = stretchEnd(text, from);
            tokens += encoding.countTokensOrdinary(text.substring(from, to)); // the whole text itself when it is one stretch
        }
        return tokens;
    }

    public int countMessage(String content) {
        return messageCost(count(content));
    }

    /** What a message whose text counts {@code contentTokens} takes in a prompt, framing included. */
    public int messageCost(int contentTokens) {
        return contentTokens + PER_MESSAGE_OVERHEAD;
    }

    /**
     * What an image of {@code width} × {@code height} pixels costs in a prompt, as OpenAI documents it for
     * {@code detail: high} (and {@code auto}, which picks high for any image larger than 512 × 512): the image is scaled
     * down to fit 2048 × 2048, then down so that its shorter side is at most 768; then 85 tokens plus 170 per 512-pixel
     * tile it covers. Smaller images are not scaled up. A 1024 × 1024 image costs 765; the most any image costs is 1,445.
     */
    public static int imageTokens(int width, int height) {
        double w = width;
        double h = height;
        double fit = Math.min(1, 2048 / Math.max(w, h));
        w *= fit;
        h *= fit;
        double shorter = Math.min(1, 768 / Math.min(w, h));
        w *= shorter;
        h *= shorter;
        long tiles = (long) Math.ceil(Math.floor(w) / 512) * (long) Math.ceil(Math.floor(h) / 512);
        return (int) (85 + 170 * Math.max(1, tiles));
    }

    /**
     * Where the stretch starting at {@code from} ends: before the last space within {@link #LONGEST_STRETCH} that
     * a letter or digit follows. cl100k's pre-tokenizer starts a piece there too, so counting in such stretches
     * gives the same count as counting the whole. A stretch without one (a long run of letters, digits or
     * punctuation, or unspaced scripts such as Chinese) is cut at the limit and may count a token more or less.
     */
    static int stretchEnd(String text, int from) {
        int limit = from + LONGEST_STRETCH;
        if (limit >= text.length()) {
            return text.length();
        }
        for (int at = Math.min(limit, text.length() - 2); at > from; at--) {
            if (text.charAt(at) == ' ' && Character.isLetterOrDigit(text.charAt(at + 1))) {
                return at;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
