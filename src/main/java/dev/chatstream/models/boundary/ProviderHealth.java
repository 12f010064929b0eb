package dev.chatstream.models.boundary;

import dev.chatstream.models.control.FallbackModel;
import dev.chatstream.models.control.ProviderCircuits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a configured model provider's circuit is open: new chats would fail at once. */
@Readiness
@ApplicationScoped
public class ProviderHealth implements HealthCheck {

    @Inject
    ProviderCircuits circuits;

    @Inject
    FallbackModel fallback;

    @Override
    public HealthCheckResponse call() {
        boolean primaryOpen = circuits.isOpen(ProviderCircuits.PRIMARY);
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-providers")
                .withData(ProviderCircuits.PRIMARY, primaryOpen ? "open" : "closed");
        boolean fallbackOpen = false;
        if (fallback.model().isPresent()) {
            fallbackOpen = circuits.isOpen(ProviderCircuits.FALLBACK);
            response.withData(ProviderCircuits.FALLBACK, fallbackOpen ? "open" : "closed");
        }
        return response.status(!primaryOpen && !fallbackOpen).build();
    }
}
