package dev.chatstream.cluster.boundary;

import dev.chatstream.cluster.control.ClusterMode;
import dev.chatstream.cluster.control.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In a cluster, ready only while Redis answers: without it this server's replies cannot be read, stopped or
 * guarded elsewhere, so a load balancer should send new requests to another server. A single server uses none.
 */
@Readiness
@ApplicationScoped
public class RedisHealth implements HealthCheck {

    @Inject
    ClusterMode mode;

    @Override
    public HealthCheckResponse call() {
        Optional<Redis> redis = mode.redis();
        if (redis.isEmpty()) {
            return HealthCheckResponse.named("redis").up().withData("mode", "single server: not used").build();
        }
        try {
            redis.get().ping();
            return HealthCheckResponse.named("redis").up().withData("address", redis.get().address()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("redis").down().withData("address", redis.get().address())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
