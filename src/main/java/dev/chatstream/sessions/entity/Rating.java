package dev.chatstream.sessions.entity;

import java.util.Optional;

/** A user's verdict on a reply. */
public enum Rating {
    UP,
    DOWN;

    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Rating> parse(String text) {
        for (Rating rating : values()) {
            if (rating.wire().equals(text)) {
                return Optional.of(rating);
            }
        }
        return Optional.empty();
    }
}
