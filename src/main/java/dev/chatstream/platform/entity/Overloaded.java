package dev.chatstream.platform.entity;

/**
 * A request refused for now because of load, not because it is wrong: 429 for one user's limits, 503 for the
 * server's. {@code retryAfterSeconds} tells the client when trying again makes sense.
 */
public class Overloaded extends RuntimeException {

    private final boolean serverWide;
    private final String code;
    private final long retryAfterSeconds;

    private Overloaded(boolean serverWide, String code, String message, long retryAfterSeconds) {
        super(message);
        this.serverWide = serverWide;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public static Overloaded user(String code, String message, long retryAfterSeconds) {
        return new Overloaded(false, code, message, retryAfterSeconds);
    }

    public static Overloaded server(String message, long retryAfterSeconds) {
        return server("server_busy", message, retryAfterSeconds);
    }

    public static Overloaded server(String code, String message, long retryAfterSeconds) {
        return new Overloaded(true, code, message, retryAfterSeconds);
    }

    public boolean serverWide() {
        return serverWide;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
