package dev.chatstream.models.control;

import dev.chatstream.platform.control.BackgroundThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;

/**
 * Chooses the model by configuration alone: {@code OPENAI_BASE_URL} and/or {@code OPENAI_API_KEY} select an
 * OpenAI-compatible provider ({@code OPENAI_MODEL} names its default model); with neither, the demo model.
 */
@ApplicationScoped
public class ModelProvider {

    private static final Logger LOG = Logger.getLogger(ModelProvider.class.getName());

    @Inject
    @ConfigProperty(name = "openai.base-url")
    Optional<String> baseUrl;

    @Inject
    @ConfigProperty(name = "openai.api-key")
    Optional<String> apiKey;

    @Inject
    @ConfigProperty(name = "openai.model", defaultValue = "gpt-4o-mini")
    String model;

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

    @Produces
    @ApplicationScoped
    ChatModel chatModel() {
        Optional<String> url = baseUrl.filter(value -> !value.isBlank());
        Optional<String> key = apiKey.filter(value -> !value.isBlank());
        if (url.isEmpty() && key.isEmpty()) {
            LOG.info("No model provider configured (OPENAI_BASE_URL / OPENAI_API_KEY): using the demo model");
            return new DemoChatModel(threads.executor(), demoInterval, tokens);
        }
        String endpoint = url.orElse("https://api.openai.com/v1");
        LOG.info(() -> "Model provider: " + endpoint + ", default model " + model);
        return new OpenAiChatModel(new OpenAiChatModel.Settings(endpoint, key.orElse("none"), model,
                connectTimeout, idleTimeout, requestTimeout, idleConnections), threads);
    }

    /** The fallback provider, when {@code chatstream.fallback.base-url} names one. */
    @Produces
    @ApplicationScoped
    FallbackModel fallbackModel(@ConfigProperty(name = "chatstream.fallback.base-url") Optional<String> fallbackUrl,
                                @ConfigProperty(name = "chatstream.fallback.api-key") Optional<String> fallbackKey,
                                @ConfigProperty(name = "chatstream.fallback.model") Optional<String> fallbackName,
                                @ConfigProperty(name = "chatstream.fallback.first-token-timeout", defaultValue = "PT60S")
                                Duration firstToken) {
        return fallbackUrl.filter(value -> !value.isBlank())
                .map(endpoint -> {
                    String name = fallbackName.filter(value -> !value.isBlank()).orElse(model);
                    LOG.info(() -> "Fallback model provider: " + endpoint + ", model " + name);
                    return new FallbackModel(new OpenAiChatModel(new OpenAiChatModel.Settings(endpoint,
                            fallbackKey.filter(value -> !value.isBlank()).orElse("none"), name,
                            connectTimeout, idleTimeout, requestTimeout, idleConnections), threads), firstToken);
                })
                .orElseGet(FallbackModel::none);
    }

    void closeFallback(@Disposes FallbackModel fallback) {
        fallback.model().ifPresent(this::close);
    }

    void close(@Disposes ChatModel model) {
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warning("Closing the model client failed: " + e);
            }
        }
    }
}
