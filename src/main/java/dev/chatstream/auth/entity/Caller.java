package dev.chatstream.auth.entity;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a verified bearer token speaks for: whose data ({@link Owner}), the name to show, whether the token grants
 * the administrator role and until when it is valid ({@code null}: an API key that never expires). It is the
 * request's principal, on every server alike. {@code apiKey} is the id of the personal API key the request came
 * with, {@code null} for a JWT.
 */
public record Caller(Owner owner, String displayName, boolean admin, Instant expiresAt, UUID apiKey) implements Principal {

    public Caller {
        Objects.requireNonNull(owner, "owner");
        displayName = displayName == null || displayName.isBlank() ? owner.subject() : displayName;
    }

    /** A caller known by a JWT. */
    public Caller(Owner owner, String displayName, boolean admin, Instant expiresAt) {
        this(owner, displayName, admin, expiresAt, null);
    }

    /** Whether the request came with a personal API key rather than a JWT. */
    public boolean viaApiKey() {
        return apiKey != null;
    }

    @Override
    public String getName() {
        return displayName;
    }
}
