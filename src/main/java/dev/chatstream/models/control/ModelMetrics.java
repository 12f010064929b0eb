package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToIntFunction;

/**
 * The model providers' metrics (docs/operations.md), each labelled {@code provider} with the provider's name: its
 * HTTP connections, busy and idle (busy connections that stay after the streams ended are connections never given
 * back), whether its circuit is open, and its stream openings by outcome.
 */
@ApplicationScoped
public class ModelMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    Providers providers;

    @PostConstruct
    void register() {
        for (Provider provider : providers.all()) {
            connections(provider.name(), provider.model());
            Gauge.builder("chatstream.provider.circuit.open", provider, p -> p.circuit().isOpen() ? 1 : 0)
                    .strongReference(true)
                    .description("1 while the provider's circuit is open and its openings are refused, else 0")
                    .tag("provider", provider.name()).register(registry);
        }
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // registered at deployment, so that the metrics are there before the first call
    }

    void opened(String provider) {
        openings(provider, "opened").increment();
    }

    void failedToOpen(String provider, ModelFailure failure) {
        openings(provider, failure instanceof CircuitOpen ? "circuit_open" : failure.code().wire()).increment();
    }

    private Counter openings(String provider, String outcome) {
        return Counter.builder("chatstream.provider.openings")
                .description("Stream openings per provider: opened, refused by an open circuit, or the failure's code")
                .tag("provider", provider).tag("outcome", outcome).register(registry);
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
