package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Model calls guarded by MicroProfile Fault Tolerance. For a stream, the guard covers only the opening — up
 * to the provider's first chunk — because a retry after text has been relayed would repeat it and a timeout
 * on the whole stream would cut healthy long answers. Call these from virtual threads: they block.
 * Limits are tuned by MP Config, e.g. {@code dev.chatstream.models.control.ModelCalls/complete/Timeout/value}.
 */
@ApplicationScoped
public class ModelCalls {

    @Inject
    ChatModel model;

    @Inject
    StreamOpening opening;

    /**
     * Starts streaming and returns once the first chunk arrived; the listener then receives the whole
     * reply. Transient failures before that (connection refused, 5xx, 429, no first chunk in time) are
     * retried; whatever still fails is thrown as a {@link ModelFailure}.
     */
    public ModelStream open(ModelRequest request, StreamListener listener) {
        try {
            return opening.open(request, listener);
        } catch (NotOpenYet transientFailure) {
            throw transientFailure.failure();
        } catch (CircuitBreakerOpenException open) {
            throw new ModelFailure(Code.UPSTREAM_UNAVAILABLE,
                    "The model provider is failing; new requests are paused for a moment", null, open);
        } catch (RuntimeException failure) {
            throw failure;
        } catch (Exception undeclared) {
            // Payara's Fault Tolerance rethrows the InterruptedException of an interrupted retry delay without
            // declaring it; anything but a ModelFailure would leave the caller's reply running forever
            throw new ModelFailure(Code.UPSTREAM_TIMEOUT, "The model did not start answering in time", null, undeclared);
        }
    }

    /** A short non-streamed answer, such as a conversation's title. */
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    public String complete(ModelRequest request) {
        return model.complete(request);
    }

    /**
     * Whether {@code model} takes images in a user's message: {@code chatstream.model.<model>.supports-images} when
     * set, else {@code chatstream.model.supports-images} (true). The one place that decides; a request with images for
     * a model that does not take them is refused before anything is stored.
     */
    public boolean acceptsImages(String model) {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("chatstream.model." + model + ".supports-images", Boolean.class)
                .or(() -> config.getOptionalValue("chatstream.model.supports-images", Boolean.class))
                .orElse(true);
    }

    public String defaultModel() {
        return model.defaultModel();
    }

    /**
     * The model that answers when {@code preferred} (a request's or an assistant's choice, may be null) is
     * asked for: the demo model answers everything as itself.
     */
    public String modelFor(String preferred) {
        String fallback = model.defaultModel();
        return DemoChatModel.NAME.equals(fallback) || preferred == null ? fallback : preferred;
    }
}
