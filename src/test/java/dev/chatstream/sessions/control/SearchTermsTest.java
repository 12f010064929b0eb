package dev.chatstream.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.platform.entity.InvalidInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

    @Test
    void noQueryIsNoFilter() {
        assertNull(SearchTerms.parse(null));
        assertNull(SearchTerms.parse(""));
        assertNull(SearchTerms.parse(" \t "));
    }

    @Test
    void wordsAreRunsOfLettersAndDigitsInLowerCaseEachOnce() {
        assertEquals(List.of("postgres", "index", "v2"), SearchTerms.parse("  Postgres, INDEX! (v2) postgres ").words());
        assertEquals(List.of("don", "t", "e", "mail"), SearchTerms.parse("don't e-mail").words());
        assertEquals(List.of("naïve", "straße", "привет"), SearchTerms.parse("Naïve STRASSE".replace("STRASSE", "Straße") + " Привет").words());
    }

    @Test
    void wildcardsAndOperatorsNeverReachAWord() {
        assertEquals(List.of("a", "b", "c", "d"), SearchTerms.parse("a% b_c & !d:*|").words());
        assertEquals("a & b & c & d:*", SearchTerms.parse("a% b_c & !d:*|").prefixQuery());
    }

    @Test
    void chineseAndJapaneseWordsAreMatchedAsSubstrings() {
        SearchTerms terms = SearchTerms.parse("分数 fractions カタカナ ひらがな 한국어");
        assertEquals(List.of("分数", "fractions", "カタカナ", "ひらがな", "한국어"), terms.words());
        assertEquals(List.of("分数", "カタカナ", "ひらがな"), terms.unspaced());
        assertEquals(List.of("fractions", "한국어"), terms.spaced());
        assertEquals("fractions & 한국어:*", terms.prefixQuery());
        assertEquals("", SearchTerms.parse("我的计划").prefixQuery());
        assertEquals("dividing:*", SearchTerms.parse("分数 dividing").prefixQuery());
    }

    @Test
    void refusesWhatCannotBeASearch() {
        assertEquals("q", assertThrows(InvalidInput.class, () -> SearchTerms.parse("?! -- %")).field());
        assertEquals("q", assertThrows(InvalidInput.class, () -> SearchTerms.parse("x".repeat(201))).field());
        assertEquals(List.of("x".repeat(200)), SearchTerms.parse("x".repeat(200)).words());
        assertEquals("q", assertThrows(InvalidInput.class, () -> SearchTerms.parse("a b c d e f g h i j k")).field());
        assertEquals(10, SearchTerms.parse("a b c d e f g h i j a b").words().size());
    }
}
