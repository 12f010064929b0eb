package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The static helpers that turn a model's answer, or the first message, into a session title. */
class TopicWriterTest {

    @Test
    void aPlainTitleIsKept() {
        assertEquals("What SSE is", TopicWriter.clean("What SSE is"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"What SSE is\"           | What SSE is",
            "'What SSE is'             | What SSE is",
            "“What SSE is”             | What SSE is",
            "「服务器推送事件」         | 服务器推送事件",
            "『服务器推送事件』         | 服务器推送事件",
            "《服务器推送事件》         | 服务器推送事件",
            "\"\"Double wrapped\"\"    | Double wrapped",
            "`  \"  Padded title  \"  `| Padded title"})
    void quotesAroundTheTitleAreRemoved(String raw, String expected) {
        assertEquals(expected, TopicWriter.clean(raw));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "What SSE is.               | What SSE is",
            "What SSE is...             | What SSE is",
            "What SSE is!               | What SSE is",
            "What SSE is！              | What SSE is",
            "服务器推送事件。            | 服务器推送事件",
            "\"What SSE is.\"           | What SSE is",
            "「服务器推送事件。」        | 服务器推送事件"})
    void aFinalPeriodOrExclamationIsRemoved(String raw, String expected) {
        assertEquals(expected, TopicWriter.clean(raw));
    }

    @Test
    void punctuationInsideTheTitleStays() {
        assertEquals("Node.js vs. Deno", TopicWriter.clean("Node.js vs. Deno"));
        assertEquals("Why is the sky blue?", TopicWriter.clean("Why is the sky blue?"));
        assertEquals("It's \"quoted\" inside", TopicWriter.clean("It's \"quoted\" inside"));
    }

    @Test
    void thinkingIsRemoved() {
        assertEquals("What SSE is", TopicWriter.clean("<think>The user asks about SSE.</think>What SSE is"));
        assertEquals("What SSE is", TopicWriter.clean("""
                <think>
                The user asks about SSE.
                A short title would be fine.
                </think>

                "What SSE is."
                """));
    }

    @Test
    void everyThinkingBlockIsRemovedButTextBetweenStays() {
        assertEquals("Title", TopicWriter.clean("<think>a</think><think>b</think>Title"));
        assertEquals("Before After", TopicWriter.clean("Before <think>x</think>After"));
    }

    /**
     * The title call is limited to 30 tokens, so a reasoning model that thinks inline is often cut off
     * before it closes its {@code <think>} block. The reasoning (or the tag itself) must not become the title;
     * an empty answer lets {@link TopicWriter#topicFor} fall back to the first message.
     */
    @Test
    void anUnclosedThinkingBlockDoesNotBecomeTheTitle() {
        String cutOff = "<think>\nThe user wants a title about server-sent events, so I should";
        String title = TopicWriter.clean(cutOff);
        assertFalse(title.contains("<think>"), "title was: " + title);
    }

    @Test
    void onlyTheFirstLineIsTheTitle() {
        assertEquals("What SSE is", TopicWriter.clean("What SSE is\nThis title describes the conversation."));
        assertEquals("What SSE is", TopicWriter.clean("\n\n  What SSE is.\r\nExplanation"));
    }

    @Test
    void aTitleOfSixtyCharactersIsKept() {
        String sixty = "a".repeat(60);
        assertEquals(sixty, TopicWriter.clean(sixty));
    }

    @Test
    void aLongerTitleIsCutToSixtyCharactersWithAnEllipsis() {
        String title = TopicWriter.clean("a".repeat(100));
        assertEquals("a".repeat(59) + "…", title);
        assertEquals(TopicWriter.MAX_LENGTH, title.length());
    }

    @Test
    void theCutDoesNotLeaveASpaceBeforeTheEllipsis() {
        String raw = "a".repeat(58) + " " + "b".repeat(20);
        assertEquals("a".repeat(58) + "…", TopicWriter.clean(raw));
    }

    @Test
    void anAnswerOfOnlyQuotesOrThinkingIsEmpty() {
        assertEquals("", TopicWriter.clean("\"\""));
        assertEquals("", TopicWriter.clean("<think>hmm</think>"));
        assertEquals("", TopicWriter.clean("   "));
    }

    @Test
    void fallbackIsTheMessageOnOneLine() {
        assertEquals("Explain SSE in one sentence", TopicWriter.fallback("  Explain   SSE\nin\tone\r\n sentence \n"));
    }

    @Test
    void fallbackKeepsAShortMessageAsItIs() {
        assertEquals("Hello!", TopicWriter.fallback("Hello!"));
        assertEquals("你好，世界", TopicWriter.fallback("你好，世界"));
        String sixty = "b".repeat(60);
        assertEquals(sixty, TopicWriter.fallback(sixty));
    }

    @Test
    void fallbackCutsALongMessageToSixtyCharactersWithAnEllipsis() {
        String cut = TopicWriter.fallback("word ".repeat(40));
        assertTrue(cut.endsWith("…"), cut);
        assertTrue(cut.length() <= TopicWriter.MAX_LENGTH, cut);
        assertEquals("word ".repeat(12).strip() + "…", cut);

        assertEquals("中".repeat(59) + "…", TopicWriter.fallback("中".repeat(61)));
    }

    @Test
    void fallbackCountsCollapsedWhitespaceNotTheOriginal() {
        String spaced = "a" + " ".repeat(100) + "b";
        assertEquals("a b", TopicWriter.fallback(spaced));
    }

    /**
     * Emoji are two UTF-16 chars. Cutting between them leaves half a character, which shows as U+FFFD (or
     * '?' in a database) instead of the emoji.
     */
    @Test
    void fallbackDoesNotCutAnEmojiInHalf() {
        String message = "a".repeat(58) + "😀😀😀";
        String cut = TopicWriter.fallback(message);
        assertTrue(wellFormed(cut), "half a surrogate pair in: " + escape(cut));
    }

    @Test
    void cleanDoesNotCutAnEmojiInHalf() {
        String raw = "a".repeat(58) + "😀😀😀";
        String cut = TopicWriter.clean(raw);
        assertTrue(wellFormed(cut), "half a surrogate pair in: " + escape(cut));
    }

    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
