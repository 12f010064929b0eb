package dev.chatstream.auth.control;

/**
 * No verification key could be had: the issuer's key set was never fetched and cannot be fetched now. The token
 * may well be valid, so this is the server's problem, not the caller's.
 */
public class KeysUnavailableException extends Exception {

    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
