package dev.chatstream.apikeys.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTextTest {

    @Test
    void aKeyIsCsAnd32RandomBytesInUnpaddedBase64Url() {
        String key = KeyText.generate().reveal();
        assertTrue(key.matches("cs_[A-Za-z0-9_-]{43}"), key);
        assertEquals(32, Base64.getUrlDecoder().decode(key.substring(3)).length);
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(KeyText.generate().reveal()));
        }
    }

    @Test
    void thePrefixIsCsAndTheFirstEightCharactersAfterIt() {
        KeyText key = KeyText.generate();
        assertEquals(key.reveal().substring(0, 11), key.prefix());
        assertTrue(key.prefix().startsWith("cs_"));
    }

    @Test
    void theDigestIsTheSha256OfTheWholeKeyInHex() {
        KeyText known = KeyText.parse("cs_" + "A".repeat(43)).orElseThrow();
        // echo -n cs_AAA…A | sha256sum
        assertEquals("6060dad30997e5c5caca29e0c7afcea54b0a9dc0e7c841b0cd9a73a5ea2943cd", known.digest());
        assertNotEquals(known.digest(), KeyText.parse("cs_" + "A".repeat(42) + "B").orElseThrow().digest());
    }

    @Test
    void aKeyPrintedByMistakeShowsOnlyItsPrefix() {
        KeyText key = KeyText.generate();
        assertEquals(key.prefix() + "…", key.toString());
        assertFalse(key.toString().contains(key.reveal()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cs_", "cs_short", "sk-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "cs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "cs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "cs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "cs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"})
    void textThatCannotBeAKeyIsNotOne(String text) {
        assertTrue(KeyText.parse(text).isEmpty(), text);
    }
}
