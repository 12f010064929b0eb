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
        for (int depth = 0; error != null && depth < 16; error = error.getCause(), depth++) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(error)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code error} or a cause beneath it is, or extends, the class named {@code typeName}: for types of
     * an API the server may not offer (an application must not link against them where they are absent).
     */
    public static boolean includeNamed(Throwable error, String typeName) {
        for (int depth = 0; error != null && depth < 16; error = error.getCause(), depth++) {
            for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals(typeName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
