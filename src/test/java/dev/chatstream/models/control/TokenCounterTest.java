package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void nothingCountsNothing() {
        assertEquals(0, counter.count(null));
        assertEquals(0, counter.count(""));
    }

    @Test
    void englishTextIsCountedWithTheCl100kTokenizer() {
        assertEquals(1, counter.count("hello"));
        assertEquals(2, counter.count("hello world"));
        assertTrue(counter.count(" ") > 0, "whitespace is text too");
    }

    @Test
    void longerTextCountsMore() {
        String sentence = "Server-Sent Events stream text over HTTP. ";
        int once = counter.count(sentence);
        assertTrue(once > 0);
        assertTrue(counter.count(sentence.repeat(10)) > 5 * once);
    }

    @Test
    void chineseTextIsCounted() {
        int tokens = counter.count("服务器推送事件是什么？");
        assertTrue(tokens > 0);
        assertTrue(counter.count("你好，世界".repeat(20)) > counter.count("你好，世界"));
    }

    @Test
    void specialTokenTextIsCountedAsOrdinaryText() {
        assertTrue(counter.count("<|endoftext|>") > 1, "user text naming a special token is not one token");
    }

    @Test
    void aMessageAddsItsFraming() {
        assertEquals(TokenCounter.PER_MESSAGE_OVERHEAD, counter.countMessage(""));
        assertEquals(TokenCounter.PER_MESSAGE_OVERHEAD, counter.countMessage(null));
        assertEquals(counter.count("hello world") + TokenCounter.PER_MESSAGE_OVERHEAD, counter.countMessage("hello world"));
        assertEquals(counter.count("你好，世界") + TokenCounter.PER_MESSAGE_OVERHEAD, counter.countMessage("你好，世界"));
    }

    @Test
    void longTextIsCountedInStretchesWithTheSameResultAsAWhole() {
        String[] words = {"the", "reply", "Streams", "tokens", "42", "3.14", "—", "café", "naïve", "服务器", "😀",
                "don't", "(quoted)", "\n", "\n\n", "\t", "  ", "\r\n", "!", "x", "1999", "über"};
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < 20 * TokenCounter.LONGEST_STRETCH) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "" : " ");
        }
        int whole = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE)
                .countTokensOrdinary(text.toString());

        assertEquals(whole, counter.count(text.toString()));
    }

    @Test
    void aRunWithoutSpacesIsCountedInBoundedStretches() {
        String stretch = "a".repeat(TokenCounter.LONGEST_STRETCH);

        assertEquals(64 * counter.count(stretch), counter.count(stretch.repeat(64)),
                "half a million letters without a space are counted stretch by stretch, not in one merge");
    }

    @Test
    void aStretchNeverEndsInsideACharacterOfTwoChars() {
        String emoji = "😀".repeat(TokenCounter.LONGEST_STRETCH);
        int end = TokenCounter.stretchEnd("x" + emoji, 0);

        assertTrue(Character.isHighSurrogate(emoji.charAt(0)));
        assertEquals(TokenCounter.LONGEST_STRETCH - 1, end, "cut before the pair the limit would split");
        assertTrue(counter.count(emoji) > 0);
    }

    @Test
    void countsImagesAsOpenAiDocumentsForDetailHigh() {
        // OpenAI's own examples: 1024 × 1024 → 768 × 768, 4 tiles; 2048 × 4096 → 1024 × 2048 → 768 × 1536, 6 tiles
        assertEquals(765, TokenCounter.imageTokens(1024, 1024));
        assertEquals(1105, TokenCounter.imageTokens(2048, 4096));
        // small images are not scaled up: one tile
        assertEquals(255, TokenCounter.imageTokens(100, 100));
        assertEquals(255, TokenCounter.imageTokens(512, 512));
        assertEquals(425, TokenCounter.imageTokens(513, 512));
        // a long strip fits 2048 first, then keeps its short side: 4 × 1 tiles
        assertEquals(765, TokenCounter.imageTokens(8000, 200));
        // the most any image costs: 2048 × 768 after scaling, 4 × 2 tiles
        assertEquals(1445, TokenCounter.imageTokens(2048, 768));
        assertEquals(1445, TokenCounter.imageTokens(20_000, 7_500));
    }
}
