package dev.chatstream.models.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the providers' circuit breakers last said, for the readiness check. MicroProfile Fault Tolerance does
 * not expose a breaker's state, so it is observed: a call refused by an open breaker marks the provider open
 * for the breaker's delay; a stream that opens marks it closed again.
 */
@ApplicationScoped
public class ProviderCircuits {

    public static final String PRIMARY = "primary";
    public static final String FALLBACK = "fallback";

    /** The delay of the circuit breakers on {@link StreamOpening} and {@link FallbackOpening}, in seconds. */
    static final long OPEN_SECONDS = 15;

    private final Map<String, Instant> openUntil = new ConcurrentHashMap<>();

    void refused(String provider) {
        openUntil.put(provider, Instant.now().plus(Duration.ofSeconds(OPEN_SECONDS)));
    }

    void succeeded(String provider) {
        openUntil.remove(provider);
    }

    public boolean isOpen(String provider) {
        Instant until = openUntil.get(provider);
        return until != null && until.isAfter(Instant.now());
    }
}
