package dev.chatstream.models.entity;

import java.time.Duration;

/**
 * A model call that failed, classified so that callers can decide what to retry and what to tell the user.
 * {@code retryAfter} is the provider's own hint, when it gave one.
 */
public class ModelFailure extends RuntimeException {

    public enum Code {
        UPSTREAM_UNAVAILABLE("upstream_unavailable", true),
        UPSTREAM_TIMEOUT("upstream_timeout", true),
        RATE_LIMITED("rate_limited", true),
        UPSTREAM_REJECTED("upstream_rejected", false),
        UPSTREAM_INVALID_RESPONSE("upstream_invalid_response", true),
        INTERNAL("internal", false),
        CANCELLED("cancelled", false);

        private final String wire;
        private final boolean retryable;

        Code(String wire, boolean retryable) {
            this.wire = wire;
            this.retryable = retryable;
        }

        public String wire() {
            return wire;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Code code;
    private final Duration retryAfter;

    public ModelFailure(Code code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ModelFailure(Code code, String message) {
        this(code, message, null, null);
    }

    public Code code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Worth asking again before any text has arrived: outages, overload, timeouts. */
    public boolean transientBeforeFirstToken() {
        return code == Code.UPSTREAM_UNAVAILABLE || code == Code.UPSTREAM_TIMEOUT || code == Code.RATE_LIMITED;
    }
}
