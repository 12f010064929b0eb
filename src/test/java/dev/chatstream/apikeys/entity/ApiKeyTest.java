package dev.chatstream.apikeys.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Owner ALICE = new Owner("alice-sub", "acme");
    private static final Caller ALICE_USER = new Caller(ALICE, "Alice", false, T0.plusSeconds(3600));
    private static final Caller ALICE_ADMIN = new Caller(ALICE, "Alice", true, T0.plusSeconds(3600));

    @Test
    void aKeyActsAsItsOwnerWithTheOwnersNameAndNoAdministratorRole() {
        KeyText text = KeyText.generate();
        ApiKey key = new ApiKey(ALICE_USER, text, "  my laptop ", null, false, T0);
        Caller caller = key.caller();
        assertEquals(ALICE, caller.owner());
        assertEquals("Alice", caller.displayName());
        assertFalse(caller.admin());
        assertNull(caller.expiresAt(), "never expires");
        assertEquals(key.id(), caller.apiKey());
        assertTrue(caller.viaApiKey());
        assertEquals("my laptop", key.name());
        assertEquals(text.prefix(), key.prefix());
        assertTrue(key.isOwnedBy(ALICE));
        assertFalse(key.isOwnedBy(new Owner("alice-sub", "other-tenant")));
        assertFalse(key.toString().contains(text.reveal()));
    }

    @Test
    void onlyAnAdministratorMakesAnAdministratorsKey() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(ALICE_USER, KeyText.generate(), "x", null, true, T0));
        assertTrue(new ApiKey(ALICE_ADMIN, KeyText.generate(), "x", null, true, T0).caller().admin());
        assertFalse(new ApiKey(ALICE_ADMIN, KeyText.generate(), "x", null, false, T0).caller().admin(),
                "an administrator's key is an administrator's only when asked for");
    }

    @Test
    void aKeyIsValidUntilItsExpiry() {
        Instant expiry = T0.plus(Duration.ofDays(30));
        ApiKey key = new ApiKey(ALICE_USER, KeyText.generate(), "ci", expiry, false, T0);
        assertTrue(key.validAt(T0));
        assertTrue(key.validAt(expiry.minusNanos(1000)));
        assertFalse(key.validAt(expiry));
        assertFalse(key.validAt(expiry.plusSeconds(1)));
        assertEquals(expiry, key.caller().expiresAt());
        assertTrue(new ApiKey(ALICE_USER, KeyText.generate(), "forever", null, false, T0).validAt(T0.plus(Duration.ofDays(36500))));
    }

    @Test
    void anExpiryIsInTheFuture() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(ALICE_USER, KeyText.generate(), "x", T0, false, T0));
        assertThrows(IllegalArgumentException.class,
                () -> new ApiKey(ALICE_USER, KeyText.generate(), "x", T0.minusSeconds(1), false, T0));
    }

    @Test
    void aUseIsRecordedOnceAMinuteAtMost() {
        ApiKey key = new ApiKey(ALICE_USER, KeyText.generate(), "ci", null, false, T0);
        assertNull(key.lastUsedAt());
        assertTrue(key.used(T0.plusSeconds(5)));
        assertEquals(T0.plusSeconds(5), key.lastUsedAt());
        assertFalse(key.used(T0.plusSeconds(30)));
        assertFalse(key.used(T0.plusSeconds(64)));
        assertEquals(T0.plusSeconds(5), key.lastUsedAt());
        assertTrue(key.used(T0.plusSeconds(65)));
        assertEquals(T0.plusSeconds(65), key.lastUsedAt());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aKeyHasAName(String name) {
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(ALICE_USER, KeyText.generate(), name, null, false, T0));
    }

    @Test
    void aNameIsAtMost64Characters() {
        assertEquals("🔑".repeat(64), ApiKey.checkedName("🔑".repeat(64)), "characters, not UTF-16 units");
        assertThrows(IllegalArgumentException.class, () -> ApiKey.checkedName("a".repeat(65)));
    }
}
