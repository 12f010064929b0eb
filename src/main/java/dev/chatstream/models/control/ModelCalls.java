package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Model calls, on the provider and model a {@link Route} chose, guarded by retries and each provider's circuit.
 * For a stream, the guard covers only the opening — up to the provider's first chunk — because a retry after text
 * has been relayed would repeat it and a timeout on the whole stream would cut healthy long answers. So a provider
 * that fails before its first chunk is followed by the next of its fallbacks, and one that fails after it ends the
 * reply. Call these from virtual threads: they block. Limits are tuned by MP Config, e.g.
 * {@code dev.chatstream.models.control.ModelCalls/complete/Timeout/value}.
 */
@ApplicationScoped
public class ModelCalls {

    @Inject
    Providers providers;

    @Inject
    Routing routing;

    @Inject
    StreamOpening opening;

    @Inject
    ModelMetrics metrics;

    /** The provider and model for {@code choice}; refuses (InvalidInput) what may not be asked for. */
    public Route route(ModelChoice choice) {
        return routing.route(choice);
    }

    /**
     * Starts streaming on the route's provider and returns once the first chunk arrived; the listener then receives
     * the whole reply. Transient failures before that (connection refused, 5xx, 429, no first chunk in time) are
     * retried; if the provider still cannot start, or its circuit is open, each of its fallbacks is tried once, and
     * the one that starts is announced to the listener ({@link StreamListener#onProviderChanged}) before its first
     * text. Whatever still fails is thrown as a {@link ModelFailure}: the chosen provider's.
     */
    public ModelStream open(Route route, ModelRequest request, StreamListener listener) {
        ModelFailure failure;
        try {
            ModelStream stream = opening.open(route.provider(), request.withModel(route.model()), listener);
            metrics.opened(route.provider().name());
            return stream;
        } catch (RuntimeException first) {
            failure = failure(first);
            metrics.failedToOpen(route.provider().name(), failure);
            if (!(first instanceof NotOpenYet || first instanceof CircuitOpen)) {
                throw failure;
            }
        }
        for (Provider next : route.fallbacks()) {
            String model = route.modelOn(next);
            try {
                ModelStream stream = opening.once(next, request.withModel(model),
                        new Announcing(listener, next.name(), model, failure));
                metrics.opened(next.name());
                return stream;
            } catch (RuntimeException fallbackFailed) {
                metrics.failedToOpen(next.name(), failure(fallbackFailed));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        throw failure; // the chosen provider's failure is the one to report
    }

    private static ModelFailure failure(RuntimeException thrown) {
        return switch (thrown) {
            case NotOpenYet transientFailure -> transientFailure.failure();
            case ModelFailure failure -> failure;
            // Payara's Fault Tolerance rethrows the InterruptedException of an interrupted retry delay without
            // declaring it; anything but a ModelFailure would leave the caller's reply running forever
            default -> new ModelFailure(Code.UPSTREAM_TIMEOUT, "The model did not start answering in time", null, thrown);
        };
    }

    /** A short non-streamed answer, such as a conversation's title, from {@code provider} (a name). */
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    public String complete(String provider, ModelRequest request) {
        return providers.find(provider).orElse(providers.byDefault()).model().complete(request);
    }

    /** The model that answers on {@code provider} (a name, may be null: the default) when {@code wanted} is asked for. */
    public String modelFor(String provider, String wanted) {
        return providers.find(provider).orElse(providers.byDefault()).modelFor(wanted);
    }

    /**
     * Whether {@code model} on {@code provider} is known to take images ({@code chatstream.providers.<name>
     * .supports-images}); an unknown provider answers for the default one.
     */
    public boolean acceptsImages(String provider, String model) {
        return providers.find(provider).orElse(providers.byDefault()).acceptsImages(model);
    }

    /** Passes a fallback's events on, announcing the switch just before its first chunk. */
    private record Announcing(StreamListener listener, String provider, String model, ModelFailure reason)
            implements StreamListener {

        @Override
        public void attach(ModelStream stream) {
            listener.attach(stream);
        }

        @Override
        public void onOpen() {
            listener.onProviderChanged(provider, model, reason);
            listener.onOpen();
        }

        @Override
        public void onReasoning(String text) {
            listener.onReasoning(text);
        }

        @Override
        public void onContent(String text) {
            listener.onContent(text);
        }

        @Override
        public void onComplete(ModelReply reply) {
            listener.onComplete(reply);
        }

        @Override
        public void onFailure(ModelFailure failure) {
            listener.onFailure(failure);
        }
    }
}
