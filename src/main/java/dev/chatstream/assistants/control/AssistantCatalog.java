package dev.chatstream.assistants.control;

import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.models.entity.ModelType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The assistants named by {@code chatstream.assistants}, each read from {@code chatstream.assistant.<name>.*}
 * (see docs/configuration.md). Read once at start: assistants are part of the deployment's configuration.
 */
@ApplicationScoped
public class AssistantCatalog {

    @Inject
    Config config;

    private Map<String, Assistant> assistants;
    private List<Assistant> ordered;
    private String defaultName;

    @PostConstruct
    void load() {
        Map<String, Assistant> loaded = new LinkedHashMap<>();
        for (String name : config.getValues("chatstream.assistants", String.class)) {
            loaded.put(name.trim(), read(name.trim()));
        }
        if (loaded.isEmpty()) {
            throw new IllegalStateException("chatstream.assistants names no assistant");
        }
        assistants = Map.copyOf(loaded);
        ordered = List.copyOf(loaded.values());
        defaultName = config.getOptionalValue("chatstream.assistants.default", String.class)
                .orElse(loaded.keySet().iterator().next());
        if (!assistants.containsKey(defaultName)) {
            throw new IllegalStateException("chatstream.assistants.default names an unknown assistant: " + defaultName);
        }
    }

    public List<Assistant> all() {
        return ordered;
    }

    public Optional<Assistant> find(String name) {
        return Optional.ofNullable(assistants.get(name));
    }

    public Assistant byDefault() {
        return assistants.get(defaultName);
    }

    private Assistant read(String name) {
        String prefix = "chatstream.assistant." + name + ".";
        return new Assistant(
                name,
                text(prefix + "display-name").orElse(name),
                text(prefix + "description").orElse(""),
                text(prefix + "system-prompt").orElseThrow(
                        () -> new IllegalStateException("Missing " + prefix + "system-prompt")),
                text(prefix + "greeting").orElse(""),
                text(prefix + "model").orElse(null),
                config.getOptionalValue(prefix + "temperature", Double.class).orElse(null),
                config.getOptionalValue(prefix + "max-history-messages", Integer.class)
                        .or(() -> config.getOptionalValue("chatstream.chat.max-history-messages", Integer.class))
                        .orElse(20),
                config.getOptionalValue(prefix + "max-context-tokens", Integer.class)
                        .or(() -> config.getOptionalValue("chatstream.chat.max-context-tokens", Integer.class))
                        .orElse(16_000),
                config.getOptionalValue(prefix + "max-reply-chars", Integer.class)
                        .or(() -> config.getOptionalValue("chatstream.chat.max-reply-chars", Integer.class))
                        .orElse(200_000),
                text(prefix + "provider").orElse(null),
                text(prefix + "model-type").map(type -> ModelType.parse(type).orElseThrow(() -> new IllegalStateException(
                        prefix + "model-type must be auto, local or cloud, not '" + type + "'"))).orElse(null));
    }

    private Optional<String> text(String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
    }
}
