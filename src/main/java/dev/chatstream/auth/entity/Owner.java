package dev.chatstream.auth.entity;

import java.util.Objects;

/**
 * Whose data this is: the JWT subject, within a tenant when the token names one. The empty tenant means
 * "no tenant" so that owners compare and index simply.
 */
public record Owner(String subject, String tenant) {

    public Owner {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("an owner needs a subject");
        }
        tenant = tenant == null ? "" : tenant;
    }
}
