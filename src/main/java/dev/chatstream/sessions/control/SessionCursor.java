package dev.chatstream.sessions.control;

import dev.chatstream.platform.entity.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of sessions ended: the last session's activity time and id, the keyset of the list's order.
 * Opaque to clients (URL-safe base64), so its form can change without breaking them.
 */
public record SessionCursor(Instant updatedAt, UUID id) {

    public String encode() {
        String plain = updatedAt.getEpochSecond() + ":" + updatedAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static SessionCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            return new SessionCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidInput.of("cursor", "cursor is not one this server gave out");
        }
    }
}
