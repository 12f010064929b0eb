package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.Overloaded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may start a generation now: at most {@code requests-per-minute} chat requests and
 * {@code concurrent-per-user} running generations per user ({@link UserLimits}: on this server, or across a
 * cluster), and {@code concurrent-total} on this server — a newcomer waits at most {@code queue-wait} for a
 * free place, never in an unbounded queue.
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

    @Inject
    UserLimits users;

    private Semaphore places;

    @PostConstruct
    void init() {
        places = new Semaphore(concurrentTotal, true);
    }

    /** Counts one chat request against the user's rate; refuses it when the rate is used up. */
    public void countRequest(Owner owner) {
        long wait = users.countRequest(owner, requestsPerMinute);
        if (wait > 0) {
            throw Overloaded.user("rate_limited", "Too many messages: at most " + requestsPerMinute + " a minute",
                    TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
        }
    }

    /** A place for one generation of the user's, or a refusal. */
    public Ticket admit(Owner owner) {
        Runnable release = users.take(owner, concurrentPerUser);
        if (release == null) {
            throw Overloaded.user("too_many_generations", "At most " + concurrentPerUser
                    + " replies can be generated at once; wait for one to finish or stop it", 1);
        }
        try {
            if (!places.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                release.run();
                throw Overloaded.server("The server is generating as many replies as it can; try again shortly", 1);
            }
        } catch (InterruptedException e) {
            release.run();
            Thread.currentThread().interrupt();
            throw Overloaded.server("The server is shutting down", 5);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                release.run();
                places.release();
            }
        };
    }
}
