package dev.chatstream.uploads.entity;

import java.util.Optional;

/** The image formats chatstream accepts, as every vision model of OpenAI's API does: told apart by magic bytes. */
public enum ImageFormat {

    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static Optional<ImageFormat> ofMediaType(String mediaType) {
        for (ImageFormat format : values()) {
            if (format.mediaType.equalsIgnoreCase(mediaType == null ? "" : mediaType.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format whose signature {@code head} (the file's first bytes, at least 12 for WebP) starts with. */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (startsWith(head, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, length, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, length, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(head, length, 0, 'R', 'I', 'F', 'F') && startsWith(head, length, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int length, int at, int... signature) {
        if (length < at + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[at + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
