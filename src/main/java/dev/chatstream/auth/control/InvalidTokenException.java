package dev.chatstream.auth.control;

/** A bearer token that does not verify; the message says why, in words safe to show its sender. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
