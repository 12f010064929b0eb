package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelRequest;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * When the primary provider failed to start a stream — after its retries, or with its circuit open — tries
 * the configured fallback provider once. Without one, or when it fails too, the primary's failure stands.
 */
@Dependent // fallback handlers are CDI beans
public class OpenOnFallbackModel implements FallbackHandler<ModelStream> {

    @Inject
    FallbackModel fallback;

    @Inject
    FallbackOpening opening;

    @Inject
    ProviderCircuits circuits;

    @Override
    public ModelStream handle(ExecutionContext context) {
        RuntimeException failure = context.getFailure() instanceof RuntimeException runtime
                ? runtime : new IllegalStateException(context.getFailure());
        if (failure instanceof CircuitBreakerOpenException) {
            circuits.refused(ProviderCircuits.PRIMARY);
        }
        if (fallback.model().isEmpty()) {
            throw failure;
        }
        try {
            return opening.open((ModelRequest) context.getParameters()[0], (StreamListener) context.getParameters()[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        } catch (RuntimeException fallbackFailed) {
            if (fallbackFailed instanceof CircuitBreakerOpenException) {
                circuits.refused(ProviderCircuits.FALLBACK);
            }
            throw failure; // the primary's failure is the one to report
        }
    }
}
