package dev.chatstream.apikeys.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of a personal API key: {@code cs_} and 32 random bytes in unpadded Base64URL (43 characters). It exists
 * in memory between its creation and the one response that hands it out, and while a request that carries it is
 * verified; it is never stored, logged or returned again: the database keeps {@link #digest()} and {@link #prefix()}.
 * <p>
 * Why a plain SHA-256 and no KDF or pepper: those protect secrets that can be guessed, such as passwords, by making
 * each guess expensive. A key is 256 random bits; a stolen table of digests cannot be reversed by guessing however
 * cheap a guess is, and a fast digest keeps verification to one indexed lookup per request.
 */
public final class KeyText {

    public static final String PREFIX = "cs_";
    /** Random bytes per key. */
    public static final int RANDOM_BYTES = 32;
    /** Characters after {@code cs_} shown in lists, to tell keys apart. */
    public static final int VISIBLE_CHARACTERS = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern WELL_FORMED = Pattern.compile("cs_[A-Za-z0-9_-]{43}");

    private final String text;

    private KeyText(String text) {
        this.text = text;
    }

    /** A new key from the system's strong random source. */
    public static KeyText generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return new KeyText(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** A key as a client sent it, if it has the form of one: anything else cannot be a key and is not looked up. */
    public static Optional<KeyText> parse(String text) {
        Objects.requireNonNull(text, "text");
        return WELL_FORMED.matcher(text).matches() ? Optional.of(new KeyText(text)) : Optional.empty();
    }

    /** The key itself, for the one response that hands it out. */
    public String reveal() {
        return text;
    }

    /** What is stored and looked up: the SHA-256 of the whole key's text, in lowercase hex (64 characters). */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** What is shown to tell keys apart: {@code cs_} and the first 8 characters after it. */
    public String prefix() {
        return text.substring(0, PREFIX.length() + VISIBLE_CHARACTERS);
    }

    /** Never the key: a key printed by mistake (a log line, an exception message) shows only its prefix. */
    @Override
    public String toString() {
        return prefix() + "…";
    }
}
