package dev.chatstream.apikeys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.apikeys.entity.KeyText;
import dev.chatstream.auth.control.InvalidTokenException;
import org.junit.jupiter.api.Test;

/** What is decided before the database is asked: where keys are accepted, what cannot be a key, and what is said. */
class ApiKeysTest {

    private static ApiKeys withScope(String scope) {
        ApiKeys keys = new ApiKeys();
        keys.configuredScope = scope;
        keys.init();
        return keys; // no database: any lookup would fail with a NullPointerException, not an InvalidTokenException
    }

    @Test
    void withTheOpenAiScopeAKeyIsRefusedOnTheRestOfTheApi() {
        String key = KeyText.generate().reveal();
        InvalidTokenException refused = assertThrows(InvalidTokenException.class,
                () -> withScope("openai").verify(key, "/api/v1/sessions"));
        assertTrue(refused.getMessage().contains("chatstream.api-keys.scope=openai"), refused.getMessage());
        assertFalse(refused.getMessage().contains(key));
    }

    @Test
    void textThatCannotBeAKeyIsRefusedWithoutLookingItUp() {
        String almost = "cs_" + "x".repeat(40);
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> withScope("all").verify(almost, "/api/v1/sessions"));
        assertEquals("The bearer token is not a valid API key", refused.getMessage());
    }

    @Test
    void anUnknownScopeStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> withScope("some"));
        withScope(" OpenAI ");
    }
}
