package dev.chatstream.models.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.chatstream.models.entity.ModelFailure.Code;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFailureTest {

    @ParameterizedTest
    @CsvSource({
            "UPSTREAM_UNAVAILABLE,      true",
            "UPSTREAM_TIMEOUT,          true",
            "RATE_LIMITED,              true",
            "UPSTREAM_REJECTED,         false",
            "UPSTREAM_INVALID_RESPONSE, false",
            "INTERNAL,                  false",
            "CANCELLED,                 false"})
    void onlyOutagesOverloadAndTimeoutsAreWorthAskingAgainBeforeTheFirstToken(Code code, boolean expected) {
        assertEquals(expected, new ModelFailure(code, "failed").transientBeforeFirstToken());
    }

    @Test
    void everyCodeIsCoveredAbove() {
        assertEquals(Set.of("UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "RATE_LIMITED", "UPSTREAM_REJECTED",
                        "UPSTREAM_INVALID_RESPONSE", "INTERNAL", "CANCELLED"),
                Arrays.stream(Code.values()).map(Enum::name).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @CsvSource({
            "UPSTREAM_UNAVAILABLE,      upstream_unavailable,      true",
            "UPSTREAM_TIMEOUT,          upstream_timeout,          true",
            "RATE_LIMITED,              rate_limited,              true",
            "UPSTREAM_REJECTED,         upstream_rejected,         false",
            "UPSTREAM_INVALID_RESPONSE, upstream_invalid_response, true",
            "INTERNAL,                  internal,                  false",
            "CANCELLED,                 cancelled,                 false"})
    void codesHaveTheDocumentedWireNamesAndRetryHints(Code code, String wire, boolean retryable) {
        assertEquals(wire, code.wire());
        assertEquals(retryable, code.retryable());
    }

    @Test
    void keepsMessageCauseAndRetryAfter() {
        IOException cause = new IOException("connection reset");
        ModelFailure failure = new ModelFailure(Code.RATE_LIMITED, "slow down", Duration.ofSeconds(7), cause);
        assertSame(Code.RATE_LIMITED, failure.code());
        assertEquals("slow down", failure.getMessage());
        assertEquals(Duration.ofSeconds(7), failure.retryAfter());
        assertSame(cause, failure.getCause());

        ModelFailure plain = new ModelFailure(Code.INTERNAL, "broken");
        assertNull(plain.retryAfter());
        assertNull(plain.getCause());
    }
}
