package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The fault-tolerant part of starting a stream: from the request until the provider's first chunk, and
 * not a moment longer. Used through {@link ModelCalls}.
 */
@ApplicationScoped
public class StreamOpening {

    @Inject
    ChatModel model;

    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = {NotOpenYet.class, TimeoutException.class})
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = 15, delayUnit = ChronoUnit.SECONDS,
            failOn = {NotOpenYet.class, TimeoutException.class})
    public ModelStream open(ModelRequest request, StreamListener listener) {
        OpeningAttempt attempt = new OpeningAttempt(listener);
        ModelStream stream = model.stream(request, attempt);
        try {
            attempt.awaitFirstChunk();
            return stream;
        } catch (InterruptedException timedOut) {
            attempt.abandon();
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new ModelFailure(Code.UPSTREAM_TIMEOUT, "The model did not start answering in time");
        } catch (ModelFailure failure) {
            attempt.abandon();
            stream.cancel();
            throw failure.transientBeforeFirstToken() ? new NotOpenYet(failure) : failure;
        }
    }
}
