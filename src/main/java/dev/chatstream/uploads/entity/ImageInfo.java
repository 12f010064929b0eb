package dev.chatstream.uploads.entity;

import java.util.UUID;

/** What is known of a stored image without its bytes: a detached value, safe to keep and hand on. */
public record ImageInfo(UUID id, String mediaType, long bytes, int width, int height) {

    public String url() {
        return "/api/v1/uploads/" + id;
    }
}
