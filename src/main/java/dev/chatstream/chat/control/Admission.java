package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.Overloaded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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

    /**
     * Counts a chat request against its user's rate and runs {@code start} with its {@link Entry}, which admits
     * the reply if {@code start} gets that far. The rate is asked for as the request arrives and waited for only
     * when the reply is about to start, so the round trip to a cluster's Redis overlaps the request's own checks;
     * a request over the rate is refused with 429 whatever else {@code start} found wrong with it, and invalid
     * requests count as much as valid ones.
     */
    public <T> T entering(Owner owner, Function<Entry, T> start) {
        Entry entry = new Entry(users.enter(owner, requestsPerMinute, concurrentPerUser));
        try {
            T started = start.apply(entry);
            entry.refuseOverRate();
            return started;
        } catch (RuntimeException e) {
            entry.refuseOverRate();
            throw e;
        } finally {
            entry.giveBackUnused();
        }
    }

    /** A chat request counted, with a place for its reply asked for; the answer may still be on its way. */
    public final class Entry {

        private final CompletableFuture<UserLimits.Verdict> verdict;
        private boolean admitted;

        private Entry(CompletableFuture<UserLimits.Verdict> verdict) {
            this.verdict = verdict;
        }

        /** The place for this request's reply, or a refusal. */
        public Ticket admit() {
            refuseOverRate();
            Runnable release = verdict.join().release();
            if (release == null) {
                throw Overloaded.user("too_many_generations", "At most " + concurrentPerUser
                        + " replies can be generated at once; wait for one to finish or stop it", 1);
            }
            admitted = true;
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

        private void refuseOverRate() {
            long wait = verdict.join().rateWait();
            if (wait > 0) {
                throw Overloaded.user("rate_limited", "Too many messages: at most " + requestsPerMinute + " a minute",
                        TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
            }
        }

        /** A request that started no reply (refused, or answered with an earlier reply) holds no place. */
        private void giveBackUnused() {
            if (!admitted) {
                Runnable release = verdict.join().release();
                if (release != null) {
                    release.run();
                }
            }
        }
    }
}
