package dev.chatstream.platform.entity;

/**
 * Input that breaks a rule, found outside the resources (in an entity or a control). Answered as 400, or
 * 413 when it is too large, naming the offending field; with the code {@code invalid_request} unless the rule
 * has a code of its own ({@link #coded}).
 */
public class InvalidInput extends RuntimeException {

    private final String field;
    private final boolean tooLarge;
    private final String code;

    private InvalidInput(String field, String message, boolean tooLarge, String code) {
        super(message);
        this.field = field;
        this.tooLarge = tooLarge;
        this.code = code;
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(field, message, false, null);
    }

    public static InvalidInput tooLarge(String field, String message) {
        return new InvalidInput(field, message, true, null);
    }

    /** A 400 with its own error code, such as {@code unknown_provider}. */
    public static InvalidInput coded(String code, String field, String message) {
        return new InvalidInput(field, message, false, code);
    }

    public String field() {
        return field;
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /** The error code to answer with. */
    public String code() {
        return code != null ? code : tooLarge ? "too_large" : "invalid_request";
    }
}
