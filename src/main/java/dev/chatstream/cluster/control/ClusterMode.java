package dev.chatstream.cluster.control;

import dev.chatstream.auth.control.StreamTickets;
import dev.chatstream.chat.control.LocalUserLimits;
import dev.chatstream.chat.control.ReplyJournal;
import dev.chatstream.chat.control.RequestClaims;
import dev.chatstream.chat.control.UserLimits;
import dev.chatstream.platform.control.SchemaMigration.SchemaReady;
import dev.chatstream.platform.control.ServerInstance;
import dev.chatstream.sessions.control.Conversations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Single server or cluster, chosen once from {@code chatstream.redis.url}: this is the one place that knows.
 * It hands the rest of the application the variants of the mode — the in-memory ones by default, the Redis ones
 * in a cluster — and, once the schema is ready, deals with the replies a stopped server left streaming.
 */
@ApplicationScoped
public class ClusterMode {

    private static final Logger LOG = Logger.getLogger(ClusterMode.class.getName());

    @Inject
    @ConfigProperty(name = "chatstream.redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "chatstream.stream.ticket-secret")
    Optional<String> ticketSecret;

    @Inject
    Instance<Redis> redis;

    @Inject
    Instance<RedisJournal> redisJournal;

    @Inject
    Instance<RedisRequestClaims> redisClaims;

    @Inject
    Instance<RedisUserLimits> redisLimits;

    @Inject
    Instance<LocalUserLimits> localLimits;

    @Inject
    Instance<Instances> instances;

    @Inject
    Conversations conversations;

    @Inject
    ServerInstance self;

    @Inject
    MeterRegistry metrics;

    public boolean clustered() {
        return redisUrl.filter(url -> !url.isBlank()).isPresent();
    }

    @Produces
    ReplyJournal journal() {
        return clustered() ? redisJournal.get() : ReplyJournal.NONE;
    }

    @Produces
    RequestClaims claims() {
        return clustered() ? redisClaims.get() : RequestClaims.NONE;
    }

    @Produces
    UserLimits userLimits() {
        return clustered() ? redisLimits.get() : localLimits.get();
    }

    /** Redis, for its health: only in a cluster. */
    public Optional<Redis> redis() {
        return clustered() ? Optional.of(redis.get()) : Optional.empty();
    }

    /** Before the first request: a cluster member announces itself; a single server ends what its last run left. */
    void start(@Observes SchemaReady ready) {
        if (!clustered()) {
            int marked = conversations.markInterrupted();
            LOG.info("Single server (no chatstream.redis.url): replies live in this server's memory"
                    + (marked > 0 ? "; " + marked + " replies cut off by the last shutdown are now marked interrupted" : ""));
            return;
        }
        if (ticketSecret.filter(secret -> secret.length() >= StreamTickets.SHORTEST_SECRET).isEmpty()) {
            throw new IllegalStateException("chatstream.redis.url turns cluster mode on, and every server of a cluster "
                    + "must accept the stream tickets of the others: set chatstream.stream.ticket-secret "
                    + "(CHATSTREAM_STREAM_TICKET_SECRET) to the same secret of at least " + StreamTickets.SHORTEST_SECRET
                    + " characters on each");
        }
        instances.get().start();
        RedisJournal journal = redisJournal.get(); // subscribed to cancel requests from the start
        Gauge.builder("chatstream.journal.queued", journal, RedisJournal::queued).strongReference(true)
                .description("Events waiting to be written to Redis for readers on other servers").register(metrics);
        Gauge.builder("chatstream.journal.dropped", journal, RedisJournal::dropped).strongReference(true)
                .description("Events not written to Redis since the start (buffer full or Redis unreachable): "
                        + "their replies are read elsewhere from the database").register(metrics);
        LOG.info("Cluster mode: server " + self.id() + " shares replies, limits and duplicate guards through Redis at "
                + redis.get().address());
    }
}
