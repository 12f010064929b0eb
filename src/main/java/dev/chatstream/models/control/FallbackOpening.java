package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Opens a stream on the fallback provider, behind a circuit breaker of its own: each provider has one, so a
 * failing fallback is left alone for a while just like a failing primary.
 */
@ApplicationScoped
public class FallbackOpening {

    @Inject
    FallbackModel fallback;

    @Inject
    ProviderCircuits circuits;

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = ProviderCircuits.OPEN_SECONDS,
            delayUnit = ChronoUnit.SECONDS, failOn = ModelFailure.class)
    public ModelStream open(ModelRequest request, StreamListener listener) throws InterruptedException {
        ChatModel model = fallback.model().orElseThrow();
        ModelStream stream = OpeningAttempt.open(model, request.withModel(model.defaultModel()), listener,
                fallback.firstTokenTimeout());
        circuits.succeeded(ProviderCircuits.FALLBACK);
        return stream;
    }
}
