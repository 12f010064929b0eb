package dev.chatstream.models.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToIntFunction;

/**
 * The model providers' metrics (docs/operations.md): each provider's HTTP connections, busy and
 * idle. Busy connections that stay after the streams ended are connections never given back.
 */
@ApplicationScoped
public class ModelMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    ChatModel primary;

    @Inject
    FallbackModel fallback;

    @PostConstruct
    void register() {
        connections(ProviderCircuits.PRIMARY, primary);
        fallback.model().ifPresent(model -> connections(ProviderCircuits.FALLBACK, model));
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // registered at deployment, so that the metrics are there before the first call
    }

    private void connections(String provider, ChatModel model) {
        gauge(provider, "busy", model, ChatModel.Connections::busy);
        gauge(provider, "idle", model, ChatModel.Connections::idle);
    }

    private void gauge(String provider, String state, ChatModel model, ToIntFunction<ChatModel.Connections> count) {
        Gauge.builder("chatstream.upstream.connections", model, m -> count.applyAsInt(m.connections())).strongReference(true)
                .description("HTTP connections to a model provider: carrying a call (busy) or kept for the next (idle)")
                .tag("provider", provider).tag("state", state).register(registry);
    }
}
