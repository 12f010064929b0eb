package dev.chatstream.platform.boundary;

import dev.chatstream.platform.control.BackgroundThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the timer that sends heartbeats and writes checkpoints keeps running. If it stops, open streams
 * go silent and proxies cut them: only a restart helps.
 */
@Liveness
@ApplicationScoped
public class TimerHealth implements HealthCheck {

    private static final Duration STUCK = Duration.ofSeconds(30);

    @Inject
    BackgroundThreads threads;

    @Override
    public HealthCheckResponse call() {
        Duration since = threads.sinceLastTick();
        return HealthCheckResponse.named("background-timer").status(since.compareTo(STUCK) < 0)
                .withData("last_tick_ms_ago", since.toMillis()).build();
    }
}
