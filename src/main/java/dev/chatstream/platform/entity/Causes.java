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

    /**
     * Whether {@code error} or a cause beneath it is one of {@code types}. Looks 16 causes deep at most: a
     * library's chain could loop.
     */
    @SafeVarargs
    public static boolean include(Throwable error, Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            if (find(error, type) != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code error} or the first cause beneath it that is a {@code type}, looking as deep as {@link #include}; else null. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (int depth = 0; error != null && depth < 16; error = error.getCause(), depth++) {
            if (type.isInstance(error)) {
                return type.cast(error);
            }
        }
        return null;
    }
}
