package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
