package dev.chatstream.chat.entity;

import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The images a chat request attaches to its message: uploads named by id ({@code images}), in order, and at most one
 * image sent inline as base64 ({@code image_data} with its {@code image_type}), which is checked and stored like an
 * upload and comes last. Only the syntax is checked here; whose the uploads are, and what the inline bytes are,
 * when the message is sent.
 */
public record Attachments(List<UUID> uploads, Inline inline) {

    public static final Attachments NONE = new Attachments(List.of(), null);

    /** An image sent in the request itself: its decoded bytes and the media type the client declared. */
    public record Inline(byte[] data, String declaredType) {
    }

    public Attachments {
        uploads = List.copyOf(uploads);
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && inline == null;
    }

    public int count() {
        return uploads.size() + (inline == null ? 0 : 1);
    }

    /** Checks the request's {@code images}, {@code image_data} and {@code image_type}; at most {@code max} in all. */
    public static Attachments from(List<String> images, String imageData, String imageType, int max) {
        List<UUID> uploads = new ArrayList<>();
        if (images != null) {
            for (int i = 0; i < images.size(); i++) {
                String id = images.get(i);
                uploads.add(Text.uuid(id == null ? "" : id.strip()).orElseThrow(
                        () -> InvalidInput.of("images", "images must list upload ids (POST /api/v1/uploads)")));
            }
            if (new LinkedHashSet<>(uploads).size() != uploads.size()) {
                throw InvalidInput.of("images", "images lists an upload twice");
            }
        }
        Inline inline = null;
        if (imageData != null && !imageData.isBlank()) {
            if (imageType == null || imageType.isBlank()) {
                throw InvalidInput.of("image_type", "image_type (such as image/png) is required with image_data");
            }
            inline = new Inline(decode(imageData), imageType.strip());
        } else if (imageType != null && !imageType.isBlank()) {
            throw InvalidInput.of("image_data", "image_type is sent with image_data");
        }
        Attachments attachments = new Attachments(uploads, inline);
        if (attachments.count() > max) {
            throw InvalidInput.of("images", "a message shows at most " + max + " images");
        }
        return attachments;
    }

    /** Plain base64, or a whole {@code data:} URL as browsers make them. */
    private static byte[] decode(String text) {
        String base64 = text.strip();
        if (base64.startsWith("data:")) {
            int comma = base64.indexOf(',');
            if (comma < 0 || !base64.substring(0, comma).endsWith(";base64")) {
                throw InvalidInput.of("image_data", "image_data is base64, or a data: URL with ;base64");
            }
            base64 = base64.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("image_data", "image_data is not valid base64");
        }
    }
}
