package dev.chatstream.uploads.entity;

/** An image that is not stored, and why: answered as 413 or 415 naming the field it came in. */
public class ImageRefused extends RuntimeException {

    public enum Reason {
        /** Not one of the accepted formats, or not a well-formed one (415). */
        UNSUPPORTED(415, "unsupported_media_type"),
        /** More bytes than one image may have (413). */
        TOO_LARGE(413, "too_large"),
        /** More pixels than one image may have: a decompression bomb, or simply too big to show (413). */
        TOO_MANY_PIXELS(413, "too_many_pixels"),
        /** The owner's uploads would take more than their quota (413). */
        QUOTA_EXCEEDED(413, "upload_quota_exceeded"),
        /** The model asked for does not take images (400). */
        NOT_SUPPORTED_BY_MODEL(400, "images_not_supported");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String field;

    public ImageRefused(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    /** The same refusal, naming {@code other} as the field the image came in. */
    public ImageRefused in(String other) {
        return new ImageRefused(reason, other, getMessage());
    }
}
