package dev.chatstream.sessions.control;

import java.util.UUID;

/** An image named in a message that is not the caller's to show there: answered as 404 naming {@code images}. */
public class UploadNotFound extends RuntimeException {

    public UploadNotFound(UUID id) {
        super("Upload " + id + " not found");
    }
}
