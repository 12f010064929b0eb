package dev.chatstream.models.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReasoningEffortTest {

    @ParameterizedTest
    @CsvSource({
            "low, LOW", "medium, MEDIUM", "high, HIGH",
            "LOW, LOW", "MeDiUm, MEDIUM", "HIGH, HIGH",
            "' low', LOW", "'high ', HIGH", "'\tmedium ', MEDIUM",
            "低, LOW", "中, MEDIUM", "高, HIGH", "' 中 ', MEDIUM"})
    void knownEffortsAreParsed(String text, ReasoningEffort expected) {
        assertEquals(Optional.of(expected), ReasoningEffort.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "extreme", "minimal", "none", "lo", "highest", "低中", "高级", "1"})
    void unknownEffortsAreEmpty(String text) {
        assertTrue(ReasoningEffort.parse(text).isEmpty(), text);
    }

    @Test
    void wireNamesAreWhatProvidersExpect() {
        assertEquals("low", ReasoningEffort.LOW.wire());
        assertEquals("medium", ReasoningEffort.MEDIUM.wire());
        assertEquals("high", ReasoningEffort.HIGH.wire());
    }

    @Test
    void everyWireNameParsesBackToItsEffort() {
        for (ReasoningEffort effort : ReasoningEffort.values()) {
            assertEquals(Optional.of(effort), ReasoningEffort.parse(effort.wire()));
        }
    }
}
