package dev.chatstream.platform.entity;

/** What lies beneath a wrapped failure: the JDBC error inside a transaction's, the socket's inside the SDK's. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause of {@code error}; {@code error} itself when it has none. */
    public static Throwable root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
