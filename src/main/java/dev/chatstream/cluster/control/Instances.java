package dev.chatstream.cluster.control;

import dev.chatstream.chat.control.Replies;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.platform.control.ServerInstance;
import dev.chatstream.sessions.control.Conversations;
import dev.chatstream.sessions.entity.Message;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The servers of a cluster keeping an eye on each other. Each holds a liveness key in Redis that expires after
 * {@code chatstream.cluster.instance-lease} unless renewed (four times a lease). Each looks, twice a lease, for
 * the servers that the database says are generating replies; one whose key has been missing for a whole lease is
 * dead — a key lost with a restarted Redis is back long before — and the first survivor to claim it marks
 * exactly that server's streaming replies interrupted, keeping their checkpointed text, and ends their streams
 * for readers on every server.
 */
@ApplicationScoped
@Typed(Instances.class)
public class Instances {

    private static final Logger LOG = Logger.getLogger(Instances.class.getName());

    @Inject
    Redis redis;

    @Inject
    ServerInstance self;

    @Inject
    Conversations conversations;

    @Inject
    Replies replies;

    @Inject
    RedisJournal journal;

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.cluster.instance-lease", defaultValue = "PT5S")
    Duration lease;

    /** Servers found generating replies without a liveness key, since when (System.nanoTime()). */
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    /** Announces this server, before it takes any request; fails when Redis cannot be reached. */
    void start() {
        redis.commands().sync().set(livenessOf(self.id()), "alive", SetArgs.Builder.px(lease));
        timers.add(threads.every(lease.dividedBy(4), this::renew));
        timers.add(threads.every(lease.dividedBy(2), this::lookForDead));
    }

    @PreDestroy
    void stop() {
        timers.forEach(timer -> timer.cancel(false));
        redis.commands().async().del(livenessOf(self.id())); // replies still running are ended by the shutdown
    }

    private void renew() {
        redis.commands().async().set(livenessOf(self.id()), "alive", SetArgs.Builder.px(lease));
    }

    private void lookForDead() {
        try {
            Set<String> generating = conversations.generatingInstances();
            generating.remove(self.id());
            missingSince.keySet().retainAll(generating);
            Map<String, RedisFuture<Long>> alive = new HashMap<>();
            generating.forEach(instance -> alive.put(instance, redis.commands().async().exists(livenessOf(instance))));
            long now = System.nanoTime();
            for (Map.Entry<String, RedisFuture<Long>> instance : alive.entrySet()) {
                if (instance.getValue().get(redis.timeout().toMillis(), TimeUnit.MILLISECONDS) > 0) {
                    missingSince.remove(instance.getKey());
                } else if (now - missingSince.computeIfAbsent(instance.getKey(), any -> now) >= lease.toNanos()) {
                    reap(instance.getKey());
                }
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "Looking for dead servers failed; next time", e);
        }
    }

    private void reap(String instance) {
        String claim = redis.key("reaping", instance.isEmpty() ? "unknown" : instance);
        if (!"OK".equals(redis.commands().sync().set(claim, self.id(), SetArgs.Builder.nx().px(lease.multipliedBy(4))))) {
            return; // another survivor does it
        }
        List<Message> cutOff = conversations.markInterruptedOf(instance);
        for (Message reply : cutOff) {
            List<ChatEvent> stored = replies.replay(reply);
            journal.endOrphan(reply.id(), stored.get(stored.size() - 1));
        }
        missingSince.remove(instance);
        LOG.warning(cutOff.size() + " replies of server " + (instance.isEmpty() ? "(unknown)" : instance)
                + ", which stopped renewing its lease, are now marked interrupted");
    }

    private String livenessOf(String instance) {
        return redis.key("instance", instance);
    }
}
