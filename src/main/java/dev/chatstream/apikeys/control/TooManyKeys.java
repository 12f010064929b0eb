package dev.chatstream.apikeys.control;

/** The owner has as many keys as {@code chatstream.api-keys.max-per-user} allows. */
public class TooManyKeys extends RuntimeException {

    private final int max;

    public TooManyKeys(int max) {
        super("You have " + max + " API keys, the most allowed: revoke one first");
        this.max = max;
    }

    public int max() {
        return max;
    }
}
