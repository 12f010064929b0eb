package dev.chatstream.chat.control;

import java.util.Optional;
import java.util.UUID;

/**
 * Client request ids claimed by replies on other servers of a cluster: the same {@code client_request_id}
 * sent to two servers at once starts one reply. Within one server, {@link Generations} guards it on its own
 * ({@link #NONE} on a single server).
 */
public interface RequestClaims {

    /** Claims {@code key} for {@code replyId}; the reply that claimed it before, if another did. */
    Optional<UUID> claim(String key, UUID replyId);

    /** The reply that claimed {@code key} did not start: another try may claim it. */
    void release(String key);

    /** The reply that claimed {@code key} ended: the claim lasts as long as its events are kept. */
    void ended(String key);

    RequestClaims NONE = new RequestClaims() {
        @Override
        public Optional<UUID> claim(String key, UUID replyId) {
            return Optional.empty();
        }

        @Override
        public void release(String key) {
        }

        @Override
        public void ended(String key) {
        }
    };
}
