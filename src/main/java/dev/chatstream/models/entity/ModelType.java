package dev.chatstream.models.entity;

import java.util.Locale;
import java.util.Optional;

/**
 * What a request's {@code model_type} asks for: a provider of one kind, or {@code auto}, which lets the server's
 * routing rule choose (docs/configuration.md, "Routing").
 */
public enum ModelType {
    AUTO, LOCAL, CLOUD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModelType> parse(String text) {
        for (ModelType type : values()) {
            if (type.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The provider kind this type insists on; none for {@code auto}. */
    public Optional<ProviderKind> kind() {
        return switch (this) {
            case AUTO -> Optional.empty();
            case LOCAL -> Optional.of(ProviderKind.LOCAL);
            case CLOUD -> Optional.of(ProviderKind.CLOUD);
        };
    }
}
