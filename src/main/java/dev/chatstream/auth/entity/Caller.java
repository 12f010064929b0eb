package dev.chatstream.auth.entity;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * Who a verified bearer token speaks for: whose data ({@link Owner}), the name to show, whether the token grants
 * the administrator role and until when it is valid. It is the request's principal, on every server alike.
 */
public record Caller(Owner owner, String displayName, boolean admin, Instant expiresAt) implements Principal {

    public Caller {
        Objects.requireNonNull(owner, "owner");
        displayName = displayName == null || displayName.isBlank() ? owner.subject() : displayName;
    }

    @Override
    public String getName() {
        return displayName;
    }
}
