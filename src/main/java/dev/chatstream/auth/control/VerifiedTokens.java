package dev.chatstream.auth.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.chatstream.auth.entity.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Bearer tokens this server has verified, by their SHA-256, until they expire: a client sends the same token with
 * every request, and checking its signature again each time costs more than the rest of a request's start. Only
 * tokens that passed are kept, never the token itself; the number kept is bounded (least recently used go first).
 * A token stays accepted until its own expiry even if its signing key is withdrawn meanwhile — as it would be by
 * any server that already let it in; JWTs cannot be revoked.
 */
public final class VerifiedTokens {

    /** How a token is verified when it is not known yet. */
    @FunctionalInterface
    public interface Verification {
        Caller verify(String token) throws InvalidTokenException, KeysUnavailableException;
    }

    private final Verification verification;
    private final Clock clock;
    private final Cache<String, Caller> verified;

    public VerifiedTokens(Verification verification, long maxTokens, Clock clock, Ticker ticker) {
        this.verification = verification;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .executor(Runnable::run) // no work on the common pool of an application server
                .ticker(ticker)
                .expireAfter(Expiry.creating((String digest, Caller caller) -> untilExpiry(caller)))
                .build();
    }

    public VerifiedTokens(Verification verification, long maxTokens) {
        this(verification, maxTokens, Clock.systemUTC(), Ticker.systemTicker());
    }

    public Caller verify(String token) throws InvalidTokenException, KeysUnavailableException {
        String digest = digest(token);
        Caller known = verified.getIfPresent(digest);
        if (known != null) {
            return known;
        }
        Caller caller = verification.verify(token);
        if (caller.expiresAt() != null && !untilExpiry(caller).isZero()) {
            verified.put(digest, caller);
        }
        return caller;
    }

    private Duration untilExpiry(Caller caller) {
        Duration left = Duration.between(clock.instant(), caller.expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
