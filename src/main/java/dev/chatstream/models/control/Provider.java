package dev.chatstream.models.control;

import dev.chatstream.models.entity.ProviderKind;
import java.time.Duration;
import java.util.List;

/** One configured provider: its settings, its own client (and so its own connection pool) and its own circuit. */
public final class Provider {

    private final ProviderSettings settings;
    private final ChatModel model;
    private final ProviderCircuit circuit;

    Provider(ProviderSettings settings, ChatModel model) {
        this.settings = settings;
        this.model = model;
        this.circuit = new ProviderCircuit(settings.circuit());
    }

    public String name() {
        return settings.name();
    }

    public ProviderKind kind() {
        return settings.kind();
    }

    public String defaultModel() {
        return settings.defaultModel();
    }

    /** Whether a request may name {@code modelName} here. */
    public boolean allows(String modelName) {
        return settings.allows(modelName);
    }

    /** The model that answers when {@code asked} (may be null) is wanted here: the demo answers everything itself. */
    public String modelFor(String asked) {
        return settings.demo() || asked == null || !settings.allows(asked) ? settings.defaultModel() : asked;
    }

    /** Whether {@code modelName} takes images here, as configured ({@code supports-images}). */
    public boolean acceptsImages(String modelName) {
        return settings.acceptsImages(modelName);
    }

    /** What a client may pick here. */
    public List<String> listedModels() {
        return settings.listedModels();
    }

    public List<String> fallback() {
        return settings.fallback();
    }

    public Duration firstTokenTimeout() {
        return settings.firstTokenTimeout();
    }

    public ProviderCircuit circuit() {
        return circuit;
    }

    ChatModel model() {
        return model;
    }

    ProviderSettings settings() {
        return settings;
    }
}
