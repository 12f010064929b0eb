package dev.chatstream.models.control;

import dev.chatstream.models.entity.ProviderKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configured model provider, as read from {@code chatstream.providers.<name>.*} (docs/configuration.md).
 * {@code models} empty means any model may be asked for (only the {@code default} provider configured by the
 * {@code OPENAI_*} variables alone, as before providers had names); {@code imageModels} null means every model
 * accepts images. {@code demo} is the built-in model used when nothing is configured.
 */
public record ProviderSettings(
        String name,
        String baseUrl,
        String apiKey,
        String defaultModel,
        List<String> models,
        ProviderKind kind,
        Duration firstTokenTimeout,
        List<String> imageModels,
        boolean allImages,
        List<String> fallback,
        Circuit circuit,
        boolean demo) {

    /** When a provider's circuit opens: after {@code requestVolume} openings, {@code failureRatio} of them failed. */
    public record Circuit(int requestVolume, double failureRatio, Duration delay) {
    }

    public static final String DEFAULT = "default";
    public static final String FALLBACK = "fallback";
    private static final String OPENAI_URL = "https://api.openai.com/v1";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public ProviderSettings {
        models = List.copyOf(models);
        imageModels = imageModels == null ? null : List.copyOf(imageModels);
        fallback = List.copyOf(fallback);
    }

    /** Whether a request may name {@code model} on this provider. */
    public boolean allows(String model) {
        return demo || models.isEmpty() || models.contains(model);
    }

    /** Whether {@code model} takes images, as far as configuration knows ({@code supports-images}). */
    public boolean acceptsImages(String model) {
        return allImages || imageModels != null && imageModels.contains(model);
    }

    /** What a client may pick here: the listed models, else the default model alone. */
    public List<String> listedModels() {
        return models.isEmpty() ? List.of(defaultModel) : models;
    }

    /**
     * Every provider the configuration names, in its order, from a key-to-value lookup (MicroProfile Config in the
     * application, a map in tests). Refuses (IllegalStateException) a configuration that cannot work, naming the key.
     */
    public static List<ProviderSettings> read(Function<String, Optional<String>> config) {
        Function<String, Optional<String>> lookup = key -> config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        List<String> names = new ArrayList<>(list(lookup.apply("chatstream.providers")));
        boolean legacyDefault = lookup.apply("openai.base-url").isPresent() || lookup.apply("openai.api-key").isPresent()
                || lookup.apply("chatstream.providers.default.base-url").isPresent();
        if (legacyDefault && !names.contains(DEFAULT)) {
            names.addFirst(DEFAULT);
        }
        boolean legacyFallback = lookup.apply("chatstream.fallback.base-url").isPresent();
        if (legacyFallback && !names.contains(FALLBACK)) {
            names.add(FALLBACK);
        }
        if (names.isEmpty()) {
            return List.of(demo(lookup));
        }
        Map<String, ProviderSettings> read = new LinkedHashMap<>();
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("chatstream.providers: '" + name
                        + "' is not a provider name (lower-case letters, digits and '-', at most 40)");
            }
            if (read.containsKey(name)) {
                throw new IllegalStateException("chatstream.providers names '" + name + "' twice");
            }
            read.put(name, one(name, lookup, names.contains(FALLBACK) && legacyFallback));
        }
        for (ProviderSettings provider : read.values()) {
            for (String next : provider.fallback()) {
                if (!read.containsKey(next) || next.equals(provider.name())) {
                    throw new IllegalStateException("chatstream.providers." + provider.name()
                            + ".fallback names '" + next + "', which is not another configured provider");
                }
            }
        }
        return List.copyOf(read.values());
    }

    private static ProviderSettings one(String name, Function<String, Optional<String>> lookup, boolean legacyFallback) {
        String prefix = "chatstream.providers." + name + ".";
        Function<String, Optional<String>> own = key -> lookup.apply(prefix + key);
        Map<String, String> legacy = switch (name) {
            case DEFAULT -> Map.of("base-url", "openai.base-url", "api-key", "openai.api-key",
                    "default-model", "openai.model");
            case FALLBACK -> legacyFallback ? Map.of("base-url", "chatstream.fallback.base-url",
                    "api-key", "chatstream.fallback.api-key", "default-model", "chatstream.fallback.model",
                    "models", "chatstream.fallback.model",
                    "first-token-timeout", "chatstream.fallback.first-token-timeout") : Map.of();
            default -> Map.of();
        };
        Function<String, Optional<String>> value = key -> own.apply(key)
                .or(() -> Optional.ofNullable(legacy.get(key)).flatMap(lookup));
        List<String> listed = list(value.apply("models"));
        String defaultModel = value.apply("default-model")
                .or(() -> listed.stream().findFirst())
                .or(() -> name.equals(FALLBACK) ? lookup.apply("openai.model") : Optional.empty())
                .orElse(name.equals(DEFAULT) || name.equals(FALLBACK) ? "gpt-4o-mini" : null);
        if (defaultModel == null) {
            throw new IllegalStateException(prefix + "models names no model: list the models this provider may be asked for");
        }
        // only the default provider of the OPENAI_* variables may leave its models open, as before providers had names
        List<String> models = listed.isEmpty() && !name.equals(DEFAULT) ? List.of(defaultModel) : listed;
        if (!models.isEmpty() && !models.contains(defaultModel)) {
            throw new IllegalStateException(prefix + "default-model '" + defaultModel + "' is not one of " + prefix + "models");
        }
        ProviderKind kind = value.apply("kind").map(text -> ProviderKind.parse(text).orElseThrow(
                () -> new IllegalStateException(prefix + "kind must be local or cloud, not '" + text + "'")))
                .orElse(ProviderKind.CLOUD);
        Duration firstToken = duration(value.apply("first-token-timeout")
                .or(() -> lookup.apply("chatstream.model.first-token-timeout")).orElse("PT60S"), prefix + "first-token-timeout");
        String images = value.apply("supports-images").or(() -> lookup.apply("chatstream.model.supports-images"))
                .orElse("true");
        boolean allImages = images.equalsIgnoreCase("true");
        List<String> imageModels = allImages || images.equalsIgnoreCase("false") ? List.of() : list(images);
        List<String> fallback = own.apply("fallback").map(ProviderSettings::list)
                .orElse(name.equals(DEFAULT) && legacyFallback ? List.of(FALLBACK) : List.of());
        Circuit circuit = new Circuit(
                integer(own.apply("circuit.request-volume").or(() -> lookup.apply("chatstream.model.circuit.request-volume"))
                        .orElse("10"), prefix + "circuit.request-volume"),
                ratio(own.apply("circuit.failure-ratio").or(() -> lookup.apply("chatstream.model.circuit.failure-ratio"))
                        .orElse("0.75"), prefix + "circuit.failure-ratio"),
                duration(own.apply("circuit.delay").or(() -> lookup.apply("chatstream.model.circuit.delay"))
                        .orElse("PT15S"), prefix + "circuit.delay"));
        return new ProviderSettings(name, value.apply("base-url").orElse(OPENAI_URL), value.apply("api-key").orElse("none"),
                defaultModel, models, kind, firstToken, imageModels, allImages, fallback, circuit, false);
    }

    private static ProviderSettings demo(Function<String, Optional<String>> lookup) {
        return new ProviderSettings(DEFAULT, null, null, DemoChatModel.NAME, List.of(), ProviderKind.LOCAL,
                duration(lookup.apply("chatstream.model.first-token-timeout").orElse("PT60S"), "chatstream.model.first-token-timeout"),
                List.of(), false, List.of(), new Circuit(10, 0.75, Duration.ofSeconds(15)), true);
    }

    static List<String> list(Optional<String> text) {
        return text.map(ProviderSettings::list).orElse(List.of());
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).distinct().toList();
    }

    private static Duration duration(String text, String key) {
        try {
            Duration parsed = Duration.parse(text);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalStateException(key + " must be positive: " + text);
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException(key + " must be an ISO-8601 duration such as PT30S, not '" + text + "'");
        }
    }

    private static int integer(String text, String key) {
        try {
            int parsed = Integer.parseInt(text);
            if (parsed < 1) {
                throw new IllegalStateException(key + " must be at least 1: " + text);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a whole number, not '" + text + "'");
        }
    }

    private static double ratio(String text, String key) {
        try {
            double parsed = Double.parseDouble(text);
            if (!(parsed > 0 && parsed <= 1)) {
                throw new IllegalStateException(key + " must be above 0 and at most 1: " + text);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a number, not '" + text + "'");
        }
    }
}
