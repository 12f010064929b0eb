package dev.chatstream.auth.control;

/**
 * No verification key could be had: the issuer's key set was never fetched and cannot be fetched now, or the
 * database that holds the personal API keys cannot be asked. The token may well be valid, so this is the server's
 * problem, not the caller's.
 */
public class KeysUnavailableException extends Exception {

    private final String publicReason;

    public KeysUnavailableException(String message, Throwable cause) {
        this(message, "the identity provider's keys are unreachable", cause);
    }

    /** {@code publicReason} is what the caller is told; {@code message} goes to the log. */
    public KeysUnavailableException(String message, String publicReason, Throwable cause) {
        super(message, cause);
        this.publicReason = publicReason;
    }

    public String publicReason() {
        return publicReason;
    }
}
