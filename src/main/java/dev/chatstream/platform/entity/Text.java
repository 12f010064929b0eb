package dev.chatstream.platform.entity;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Small text rules shared by entities: shortening without breaking characters, strict ids. */
public final class Text {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Text() {
    }

    /** One line: runs of whitespace become one space. */
    public static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /**
     * At most {@code max} characters (Unicode code points, so an emoji is never cut in half), ending in "…"
     * when something was cut.
     */
    public static String shorten(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)).strip() + "…";
    }

    /** A UUID in its canonical 8-4-4-4-12 form only; {@link UUID#fromString} accepts much less. */
    public static Optional<UUID> uuid(String text) {
        if (text == null || !CANONICAL_UUID.matcher(text.trim()).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text.trim()));
    }
}
