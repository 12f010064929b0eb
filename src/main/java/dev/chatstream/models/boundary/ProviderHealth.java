package dev.chatstream.models.boundary;

import dev.chatstream.models.control.Provider;
import dev.chatstream.models.control.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Each configured provider's circuit ({@code open}, {@code half_open}, {@code closed}), by provider name. Not ready
 * only while every provider's circuit is open: then new chats would fail at once; while one still serves, routing
 * and fallbacks send requests there.
 */
@Readiness
@ApplicationScoped
public class ProviderHealth implements HealthCheck {

    @Inject
    Providers providers;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-providers");
        boolean anyServing = false;
        for (Provider provider : providers.all()) {
            response.withData(provider.name(), provider.circuit().state().name().toLowerCase(java.util.Locale.ROOT));
            anyServing |= !provider.circuit().isOpen();
        }
        return response.status(anyServing).build();
    }
}
