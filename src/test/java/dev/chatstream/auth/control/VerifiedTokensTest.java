package dev.chatstream.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** A clock and a Caffeine ticker that move together, only when told. */
    private static final class TestTime {
        private Duration passed = Duration.ZERO;

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return T0.plus(passed);
                }
            };
        }

        long nanos() {
            return passed.toNanos();
        }
    }

    private final TestTime time = new TestTime();
    private final List<String> verified = new ArrayList<>();

    private VerifiedTokens tokens(long max, Duration lifetime) {
        return new VerifiedTokens(token -> {
            if (token.startsWith("bad")) {
                throw new InvalidTokenException("refused");
            }
            verified.add(token);
            return new Caller(new Owner(token, "acme"), null, false, T0.plus(lifetime));
        }, max, time.clock(), time::nanos);
    }

    @Test
    void aTokenIsVerifiedOnceUntilItExpires() throws Exception {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));

        Caller first = tokens.verify("alice-token");
        assertSame(first, tokens.verify("alice-token"));
        assertEquals(List.of("alice-token"), verified, "the second request did not verify it again");

        time.passed = Duration.ofMinutes(5).plusSeconds(1);
        tokens.verify("alice-token");
        assertEquals(List.of("alice-token", "alice-token"), verified, "after its expiry it is verified again");
    }

    @Test
    void aRefusedTokenIsNotRememberedAndEveryTryIsVerified() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        assertThrows(InvalidTokenException.class, () -> tokens.verify("bad-token"));
        assertThrows(InvalidTokenException.class, () -> tokens.verify("bad-token"));
    }

    @Test
    void anExpiredTokenIsNeverKept() throws Exception {
        VerifiedTokens tokens = tokens(100, Duration.ofSeconds(-30)); // within the clock skew the verifier allows
        tokens.verify("late-token");
        tokens.verify("late-token");
        assertEquals(2, verified.size());
    }

    @Test
    void differentTokensAreDifferentCallers() throws Exception {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        assertEquals("alice", tokens.verify("alice").owner().subject());
        assertEquals("bob", tokens.verify("bob").owner().subject());
    }
}
