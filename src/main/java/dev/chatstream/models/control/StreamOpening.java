package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The fault-tolerant part of starting a stream on one provider: from the request until the provider's first
 * chunk, and not a moment longer. Used through {@link ModelCalls}. Retries are MicroProfile Fault Tolerance's
 * ({@code @Retry} keeps no state between calls, so one annotated method serves every provider); the circuit is
 * the provider's own {@link ProviderCircuit}, because an MP FT breaker is one per method, not per provider.
 */
@ApplicationScoped
public class StreamOpening {

    /** The longest wait a provider's {@code Retry-After} may impose before the next attempt. */
    @Inject
    @ConfigProperty(name = "chatstream.model.max-retry-after", defaultValue = "PT10S")
    Duration maxRetryAfter;

    /**
     * Opens with retries: the chosen provider's way. Each attempt waits at most the provider's
     * {@code first-token-timeout} for the first chunk. That limit is enforced here rather than by {@code @Timeout}:
     * Payara's timeout schedules a task per call whose context capture scans the WAR's libraries for services, a
     * measurable share of every request's CPU. An open circuit ({@link CircuitOpen}) is not retried.
     */
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = NotOpenYet.class)
    public ModelStream open(Provider provider, ModelRequest request, StreamListener listener) {
        return attempt(provider, request, listener, true);
    }

    /** Opens with a single attempt: a fallback provider's way (falling back is already the retry). */
    public ModelStream once(Provider provider, ModelRequest request, StreamListener listener) {
        return attempt(provider, request, listener, false);
    }

    private ModelStream attempt(Provider provider, ModelRequest request, StreamListener listener, boolean retried) {
        ProviderCircuit circuit = provider.circuit();
        if (!circuit.tryAcquire()) {
            throw new CircuitOpen(provider.name());
        }
        try {
            ModelStream stream = OpeningAttempt.open(provider.model(), request, listener, provider.firstTokenTimeout());
            circuit.succeeded();
            return stream;
        } catch (InterruptedException shuttingDown) {
            circuit.abandoned();
            Thread.currentThread().interrupt();
            throw new ModelFailure(Code.UPSTREAM_UNAVAILABLE, "The server is shutting down");
        } catch (ModelFailure failure) {
            if (!failure.transientBeforeFirstToken()) {
                circuit.succeeded(); // it answered, with a refusal of this request: the provider itself is up
                throw failure;
            }
            circuit.failed();
            if (retried) {
                honourRetryAfter(failure);
            }
            throw new NotOpenYet(failure);
        } catch (RuntimeException unexpected) {
            circuit.abandoned();
            throw unexpected;
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
