package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.Overloaded;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may start a generation now: at most {@code requests-per-minute} chat requests per user (a Bucket4j
 * token bucket), {@code concurrent-per-user} running generations per user, and {@code concurrent-total} on
 * this server — a newcomer waits at most {@code queue-wait} for a free place, never in an unbounded queue.
 */
@ApplicationScoped
public class Admission {

    /** A granted place; give it back when the generation has ended. */
    public interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    @Inject
    @ConfigProperty(name = "chatstream.limits.requests-per-minute", defaultValue = "30")
    int requestsPerMinute;

    @Inject
    @ConfigProperty(name = "chatstream.limits.concurrent-per-user", defaultValue = "3")
    int concurrentPerUser;

    @Inject
    @ConfigProperty(name = "chatstream.limits.concurrent-total", defaultValue = "2000")
    int concurrentTotal;

    @Inject
    @ConfigProperty(name = "chatstream.limits.queue-wait", defaultValue = "PT2S")
    Duration queueWait;

    private final Map<Owner, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<Owner, Integer> running = new ConcurrentHashMap<>();
    private Semaphore places;

    @PostConstruct
    void init() {
        places = new Semaphore(concurrentTotal, true);
    }

    /** Counts one chat request against the user's rate; refuses it when the rate is used up. */
    public void countRequest(Owner owner) {
        Bucket bucket = buckets.computeIfAbsent(owner, any -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requestsPerMinute).refillGreedy(requestsPerMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw Overloaded.user("rate_limited", "Too many messages: at most " + requestsPerMinute + " a minute",
                    TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        }
    }

    /** A place for one generation of the user's, or a refusal. */
    public Ticket admit(Owner owner) {
        if (!reserve(owner)) {
            throw Overloaded.user("too_many_generations", "At most " + concurrentPerUser
                    + " replies can be generated at once; wait for one to finish or stop it", 1);
        }
        try {
            if (!places.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                release(owner);
                throw Overloaded.server("The server is generating as many replies as it can; try again shortly", 1);
            }
        } catch (InterruptedException e) {
            release(owner);
            Thread.currentThread().interrupt();
            throw Overloaded.server("The server is shutting down", 5);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                release(owner);
                places.release();
            }
        };
    }

    /** Counts one more running generation for the user, unless the user is at the limit. */
    private boolean reserve(Owner owner) {
        boolean[] admitted = {false};
        running.compute(owner, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= concurrentPerUser) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** Counts one generation less; a user with none running leaves the map, so it never outgrows its use. */
    private void release(Owner owner) {
        running.computeIfPresent(owner, (user, count) -> count == 1 ? null : count - 1);
    }
}
