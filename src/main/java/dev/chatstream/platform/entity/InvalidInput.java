package dev.chatstream.platform.entity;

/**
 * Input that breaks a rule, found outside the resources (in an entity or a control). Answered as 400, or
 * 413 when it is too large, naming the offending field.
 */
public class InvalidInput extends RuntimeException {

    private final String field;
    private final boolean tooLarge;

    private InvalidInput(String field, String message, boolean tooLarge) {
        super(message);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(field, message, false);
    }

    public static InvalidInput tooLarge(String field, String message) {
        return new InvalidInput(field, message, true);
    }

    public String field() {
        return field;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
