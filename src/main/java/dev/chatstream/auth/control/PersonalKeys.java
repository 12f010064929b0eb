package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Caller;

/**
 * The port through which the bearer-token filter verifies a personal API key ({@code cs_…}) rather than a JWT.
 * The {@code apikeys} component implements it, so that {@code auth} does not depend on it (docs/architecture.md).
 */
public interface PersonalKeys {

    /** The prefix every personal API key starts with; a bearer token without it is a JWT. */
    String PREFIX = "cs_";

    static boolean looksLikeOne(String token) {
        return token.startsWith(PREFIX);
    }

    /**
     * The caller {@code key} acts for on {@code path} (the request's path within the application, such as
     * {@code /api/v1/sessions}). Refused when the key is unknown, revoked or expired, or when keys are not accepted on
     * that path; unavailable when the database cannot be asked.
     */
    Caller verify(String key, String path) throws InvalidTokenException, KeysUnavailableException;
}
