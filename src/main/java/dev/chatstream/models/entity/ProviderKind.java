package dev.chatstream.models.entity;

import java.util.Locale;
import java.util.Optional;

/** Where a provider runs: on the operator's own hardware ({@code local}: Ollama, vLLM) or a paid cloud API. */
public enum ProviderKind {
    LOCAL, CLOUD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProviderKind> parse(String text) {
        for (ProviderKind kind : values()) {
            if (kind.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
