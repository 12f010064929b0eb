package dev.chatstream.apikeys.boundary;

import dev.chatstream.apikeys.entity.ApiKey;
import dev.chatstream.apikeys.entity.KeyText;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the API keys API (snake_case on the wire). None holds a key's text but {@link NewKey}. */
public final class Views {

    private Views() {
    }

    /** A key as listed: never its text, never its digest. */
    public record KeyView(UUID id, String name, String prefix, boolean admin, Instant createdAt, Instant lastUsedAt,
                          Instant expiresAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.name(), key.prefix(), key.admin(), key.createdAt(), key.lastUsedAt(),
                    key.expiresAt());
        }
    }

    public record KeyList(List<KeyView> data) {
        static KeyList of(List<ApiKey> keys) {
            return new KeyList(keys.stream().map(KeyView::of).toList());
        }
    }

    /** The answer to a creation: the only response that ever holds the key itself. */
    public record NewKey(UUID id, String name, String prefix, String key, boolean admin, Instant createdAt,
                         Instant lastUsedAt, Instant expiresAt) {
        static NewKey of(ApiKey key, KeyText text) {
            return new NewKey(key.id(), key.name(), key.prefix(), text.reveal(), key.admin(), key.createdAt(), null,
                    key.expiresAt());
        }

        /** Not the key: a response printed by mistake shows its prefix only. */
        @Override
        public String toString() {
            return "NewKey[" + id + ", " + prefix + "…]";
        }
    }

    /** {@code expires_at} is read as text, so that a malformed one is answered naming the field. */
    public record KeyRequest(String name, String expiresAt, Boolean admin) {
    }
}
