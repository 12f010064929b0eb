package dev.chatstream.cluster.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.control.LocalUserLimits;
import dev.chatstream.chat.control.UserLimits;
import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.platform.control.ServerInstance;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Users' limits across every server of a cluster, one Redis round trip each, since a request waits for them
 * before its reply starts: the rate as a generic cell rate algorithm (GCRA: the token bucket of
 * {@link LocalUserLimits}, kept as the one time at which the bucket would be full again), the replies running at
 * once as leases in a sorted set per user. A lease is renewed by its server while the reply runs and expires
 * three instance leases after the last renewal, so a dead server's replies stop counting within seconds. Both
 * run as scripts on Redis's own clock. While Redis cannot be reached, each server applies the limits to its own
 * requests.
 * <p>
 * Bucket4j's Lettuce buckets were measured first: their compare-and-swap takes three round trips a request, and
 * at 256 streams on two cores cluster mode added more than twice a single server's time to the first token
 * (docs/performance.md).
 */
@ApplicationScoped
@Typed(RedisUserLimits.class)
public class RedisUserLimits implements UserLimits {

    private static final Logger LOG = Logger.getLogger(RedisUserLimits.class.getName());
    private static final int RENEWED_AT_ONCE = 500;

    /**
     * Counts one request against a bucket of ARGV[2] requests refilled one every ARGV[1] ms: KEYS[1] holds the
     * time at which the bucket is full again. Returns 0, or the milliseconds until a request would fit.
     */
    private static final String COUNT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local interval = tonumber(ARGV[1])
            local full = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
            local wait = full + interval - now - interval * tonumber(ARGV[2])
            if wait > 0 then return wait end
            redis.call('SET', KEYS[1], full + interval, 'PX', full + interval - now)
            return 0
            """;

    /** Drops expired leases and takes one if fewer than ARGV[1] remain; the clock is Redis's own. */
    private static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /** Extends the leases ARGV[2..] in the sets KEYS (pairwise) by ARGV[1] ms, those that still exist. */
    private static final String RENEW = """
            local t = redis.call('TIME')
            local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
            for i = 1, #KEYS do
              redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i + 1])
              redis.call('PEXPIRE', KEYS[i], ARGV[1])
            end
            return #KEYS
            """;

    @Inject
    Redis redis;

    @Inject
    LocalUserLimits local;

    @Inject
    ServerInstance instance;

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.cluster.instance-lease", defaultValue = "PT5S")
    Duration instanceLease;

    /** The leases of this server's running replies: lease → its user's set. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private ScheduledFuture<?> renewals;

    @PostConstruct
    void start() {
        renewals = threads.every(instanceLease, this::renew);
    }

    @PreDestroy
    void stop() {
        renewals.cancel(false);
    }

    @Override
    public long countRequest(Owner owner, int perMinute) {
        long interval = Math.max(1, Duration.ofMinutes(1).toMillis() / perMinute);
        try {
            Long wait = redis.commands().sync().eval(COUNT, ScriptOutputType.INTEGER,
                    new String[] {redis.key("rate", userOf(owner))}, Long.toString(interval), Integer.toString(perMinute));
            return wait == null || wait <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(wait);
        } catch (RedisException unreachable) {
            LOG.warning("Redis cannot be reached: request rates are counted per server (" + unreachable.getMessage() + ")");
            return local.countRequest(owner, perMinute);
        }
    }

    @Override
    public Runnable take(Owner owner, int concurrent) {
        String running = redis.key("running", userOf(owner));
        String lease = instance.id() + "/" + UUID.randomUUID();
        try {
            Long taken = redis.commands().sync().eval(TAKE, ScriptOutputType.INTEGER, new String[] {running},
                    Integer.toString(concurrent), lease, Long.toString(leaseLife().toMillis()));
            if (taken == null || taken == 0) {
                return null;
            }
        } catch (RedisException unreachable) {
            LOG.warning("Redis cannot be reached: running replies are counted per server (" + unreachable.getMessage() + ")");
            return local.take(owner, concurrent);
        }
        held.put(lease, running);
        return () -> {
            held.remove(lease);
            try {
                redis.commands().sync().zrem(running, lease); // done when the user's next request may count on it
            } catch (RedisException unreachable) {
                // the lease expires unrenewed
            }
        };
    }

    private void renew() {
        List<Map.Entry<String, String>> leases = new ArrayList<>(held.entrySet());
        for (int from = 0; from < leases.size(); from += RENEWED_AT_ONCE) {
            List<Map.Entry<String, String>> batch = leases.subList(from, Math.min(leases.size(), from + RENEWED_AT_ONCE));
            String[] sets = batch.stream().map(Map.Entry::getValue).toArray(String[]::new);
            List<String> arguments = new ArrayList<>(List.of(Long.toString(leaseLife().toMillis())));
            batch.forEach(lease -> arguments.add(lease.getKey()));
            redis.commands().async().<Long>eval(RENEW, ScriptOutputType.INTEGER, sets, arguments.toArray(String[]::new))
                    .exceptionally(failed -> {
                        LOG.warning("Renewing " + batch.size() + " running-reply leases failed: " + failed.getMessage());
                        return null;
                    });
        }
    }

    private Duration leaseLife() {
        return instanceLease.multipliedBy(3);
    }

    private static String userOf(Owner owner) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(owner.tenant().getBytes(StandardCharsets.UTF_8)) + ":"
                + base64.encodeToString(owner.subject().getBytes(StandardCharsets.UTF_8));
    }
}
