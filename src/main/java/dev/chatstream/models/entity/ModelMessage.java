package dev.chatstream.models.entity;

import java.util.Objects;

/** One message of a prompt, in the roles every chat model understands. */
public record ModelMessage(Role role, String content) {

    public enum Role { SYSTEM, USER, ASSISTANT }

    public ModelMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ModelMessage system(String content) {
        return new ModelMessage(Role.SYSTEM, content);
    }

    public static ModelMessage user(String content) {
        return new ModelMessage(Role.USER, content);
    }

    public static ModelMessage assistant(String content) {
        return new ModelMessage(Role.ASSISTANT, content);
    }
}
