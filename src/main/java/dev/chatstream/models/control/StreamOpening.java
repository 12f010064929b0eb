package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The fault-tolerant part of starting a stream: from the request until the provider's first chunk, and
 * not a moment longer. Used through {@link ModelCalls}.
 */
@ApplicationScoped
public class StreamOpening {

    @Inject
    ChatModel model;

    @Inject
    ProviderCircuits circuits;

    /** The longest wait a provider's {@code Retry-After} may impose before the next attempt. */
    @Inject
    @ConfigProperty(name = "chatstream.model.max-retry-after", defaultValue = "PT10S")
    Duration maxRetryAfter;

    @Inject
    @ConfigProperty(name = "chatstream.model.first-token-timeout", defaultValue = "PT60S")
    Duration firstTokenTimeout;

    /**
     * Each attempt waits at most {@code firstTokenTimeout} for the first chunk. That limit is enforced here
     * rather than by {@code @Timeout}: Payara's timeout schedules a task per call whose context capture scans
     * the WAR's libraries for services, a measurable share of every request's CPU.
     */
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = NotOpenYet.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = ProviderCircuits.OPEN_SECONDS,
            delayUnit = ChronoUnit.SECONDS, failOn = NotOpenYet.class)
    @Fallback(value = OpenOnFallbackModel.class, applyOn = {NotOpenYet.class, CircuitBreakerOpenException.class})
    public ModelStream open(ModelRequest request, StreamListener listener) {
        try {
            ModelStream stream = OpeningAttempt.open(model, request, listener, firstTokenTimeout);
            circuits.succeeded(ProviderCircuits.PRIMARY);
            return stream;
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            throw new ModelFailure(Code.UPSTREAM_UNAVAILABLE, "The server is shutting down");
        } catch (ModelFailure failure) {
            if (!failure.transientBeforeFirstToken()) {
                throw failure;
            }
            honourRetryAfter(failure);
            throw new NotOpenYet(failure);
        }
    }

    /** Waits as long as the provider asked (up to the cap) before the retry this failure will cause. */
    private void honourRetryAfter(ModelFailure failure) {
        if (failure.retryAfter() == null) {
            return;
        }
        Duration wait = failure.retryAfter().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : failure.retryAfter();
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
