package dev.chatstream.models.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The model providers' MicroProfile Metrics (docs/operations.md): each provider's HTTP connections, busy and
 * idle. Busy connections that stay after the streams ended are connections never given back.
 */
@ApplicationScoped
public class ModelMetrics {

    private static final Metadata CONNECTIONS = Metadata.builder().withName("chatstream.upstream.connections")
            .withDescription("HTTP connections to a model provider: carrying a call (busy) or kept for the next (idle)")
            .build();

    @Inject
    MetricRegistry registry;

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
        registry.gauge(CONNECTIONS, () -> count.applyAsInt(model.connections()),
                new Tag("provider", provider), new Tag("state", state));
    }
}
