package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Users' limits kept in this server's memory: a Bucket4j token bucket and a count of running replies each. */
@ApplicationScoped
@Typed(LocalUserLimits.class)
public class LocalUserLimits implements UserLimits {

    private final Map<Owner, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<Owner, Integer> running = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Verdict> enter(Owner owner, int perMinute, int concurrent) {
        long wait = countRequest(owner, perMinute);
        return CompletableFuture.completedFuture(new Verdict(wait, wait > 0 ? null : take(owner, concurrent)));
    }

    private long countRequest(Owner owner, int perMinute) {
        Bucket bucket = buckets.computeIfAbsent(owner, any -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    private Runnable take(Owner owner, int concurrent) {
        boolean[] admitted = {false};
        running.compute(owner, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= concurrent) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        // a user with none running leaves the map, so it never outgrows its use
        return admitted[0] ? () -> running.computeIfPresent(owner, (user, count) -> count == 1 ? null : count - 1) : null;
    }
}
