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

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    public int countMessage(String content) {
        return messageCost(count(content));
    }

    /** What a message whose text counts {@code contentTokens} takes in a prompt, framing included. */
    public int messageCost(int contentTokens) {
        return contentTokens + PER_MESSAGE_OVERHEAD;
    }
}
