package dev.chatstream.models.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenUsageTest {

    @Test
    void keepsTheReportedCounts() {
        TokenUsage usage = new TokenUsage(31, 9, 40);
        assertEquals(31, usage.promptTokens());
        assertEquals(9, usage.completionTokens());
        assertEquals(40, usage.totalTokens());
    }

    @Test
    void zeroIsAllowed() {
        assertEquals(0, new TokenUsage(0, 0, 0).totalTokens());
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, -1));
    }

    @Test
    void ofSumsPromptAndCompletion() {
        assertEquals(new TokenUsage(31, 9, 40), TokenUsage.of(31, 9));
        assertEquals(new TokenUsage(0, 0, 0), TokenUsage.of(0, 0));
    }

    @Test
    void ofRefusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> TokenUsage.of(-5, 10));
    }

    @Test
    void ofRefusesCountsBeyondAnInt() {
        assertThrows(ArithmeticException.class, () -> TokenUsage.of(Integer.MAX_VALUE + 1L, 0));
        assertThrows(ArithmeticException.class, () -> TokenUsage.of(Integer.MAX_VALUE, 1), "the total overflows");
    }
}
