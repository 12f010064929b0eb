package dev.chatstream.models.control;

import dev.chatstream.platform.control.BackgroundThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured model providers ({@code chatstream.providers}, with {@code OPENAI_*} as the provider
 * {@code default} and {@code chatstream.fallback.*} as {@code fallback}: {@link ProviderSettings#read}), each with
 * its own openai-java client; with none configured, the demo model as {@code default}. Read once at start.
 */
@ApplicationScoped
public class Providers {

    private static final Logger LOG = Logger.getLogger(Providers.class.getName());

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "chatstream.model.connect-timeout", defaultValue = "PT10S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "chatstream.model.idle-timeout", defaultValue = "PT60S")
    Duration idleTimeout;

    @Inject
    @ConfigProperty(name = "chatstream.model.request-timeout", defaultValue = "PT30M")
    Duration requestTimeout;

    @Inject
    @ConfigProperty(name = "chatstream.model.idle-connections", defaultValue = "1024")
    int idleConnections;

    @Inject
    @ConfigProperty(name = "chatstream.demo.interval", defaultValue = "PT0.04S")
    Duration demoInterval;

    @Inject
    BackgroundThreads threads;

    @Inject
    TokenCounter tokens;

    private Map<String, Provider> byName;
    private List<Provider> ordered;

    @PostConstruct
    void start() {
        List<Provider> started = ProviderSettings.read(key -> config.getOptionalValue(key, String.class)).stream()
                .map(settings -> new Provider(settings, client(settings))).toList();
        use(started);
    }

    /** These providers, without clients: for tests of what is chosen. */
    static Providers of(List<ProviderSettings> settings) {
        Providers providers = new Providers();
        providers.use(settings.stream().map(one -> new Provider(one, null)).toList());
        return providers;
    }

    private void use(List<Provider> started) {
        Map<String, Provider> named = new LinkedHashMap<>();
        started.forEach(provider -> named.put(provider.name(), provider));
        byName = Map.copyOf(named);
        ordered = List.copyOf(started);
    }

    private ChatModel client(ProviderSettings settings) {
        if (settings.demo()) {
            LOG.info("No model provider configured (OPENAI_BASE_URL / OPENAI_API_KEY / chatstream.providers): "
                    + "using the demo model");
            return new DemoChatModel(threads.executor(), demoInterval, tokens);
        }
        LOG.info(() -> "Model provider " + settings.name() + " (" + settings.kind().wire() + "): " + settings.baseUrl()
                + ", default model " + settings.defaultModel()
                + (settings.models().isEmpty() ? ", any model may be asked for" : ", models " + settings.models())
                + (settings.fallback().isEmpty() ? "" : ", falls back to " + settings.fallback()));
        return new OpenAiChatModel(new OpenAiChatModel.Settings(settings.baseUrl(), settings.apiKey(),
                settings.defaultModel(), connectTimeout, idleTimeout, requestTimeout, idleConnections), threads);
    }

    /** Every provider, in the configuration's order. */
    public List<Provider> all() {
        return ordered;
    }

    public Optional<Provider> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The provider a request goes to when it asks for nothing in particular: {@code default}, else the first. */
    public Provider byDefault() {
        return find(ProviderSettings.DEFAULT).orElse(ordered.getFirst());
    }

    /** The provider {@code name}'s fallbacks, in order. */
    public List<Provider> fallbacksOf(Provider provider) {
        return provider.fallback().stream().map(byName::get).toList();
    }

    /** The SDK does not close an HTTP client it was given: each provider's threads and connections close here. */
    @PreDestroy
    void close() {
        for (Provider provider : ordered) {
            if (provider.model() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warning("Closing the client of provider " + provider.name() + " failed: " + e);
                }
            }
        }
    }
}
