package dev.chatstream.models.entity;

import java.util.List;
import java.util.Objects;

/**
 * One message of a prompt, in the roles every chat model understands. A user's message may show images, sent to the
 * model after its text as OpenAI's content parts.
 */
public record ModelMessage(Role role, String content, List<Image> images) {

    public enum Role { SYSTEM, USER, ASSISTANT }

    /** An image as the model receives it: a {@code data:} URL with its media type and base64 bytes. */
    public record Image(String dataUrl) {
        public Image {
            Objects.requireNonNull(dataUrl, "dataUrl");
        }
    }

    public ModelMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        images = images == null ? List.of() : List.copyOf(images);
        if (!images.isEmpty() && role != Role.USER) {
            throw new IllegalArgumentException("only a user's message shows images");
        }
    }

    public ModelMessage(Role role, String content) {
        this(role, content, List.of());
    }

    public static ModelMessage system(String content) {
        return new ModelMessage(Role.SYSTEM, content);
    }

    public static ModelMessage user(String content) {
        return new ModelMessage(Role.USER, content);
    }

    public static ModelMessage user(String content, List<Image> images) {
        return new ModelMessage(Role.USER, content, images);
    }

    public static ModelMessage assistant(String content) {
        return new ModelMessage(Role.ASSISTANT, content);
    }
}
