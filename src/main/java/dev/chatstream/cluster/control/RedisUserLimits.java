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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Users' limits across every server of a cluster, both in one script on Redis's own clock, since a request
 * waits for them before its reply starts: the rate as a generic cell rate algorithm (GCRA: the token bucket of
 * {@link LocalUserLimits}, kept as the one time at which the bucket would be full again), the replies running at
 * once as leases in a sorted set per user. A lease is renewed by its server while the reply runs and expires
 * three instance leases after the last renewal, so a dead server's replies stop counting within seconds. While
 * Redis cannot be reached, each server applies the limits to its own requests.
 * <p>
 * Bucket4j's Lettuce buckets were measured first: their compare-and-swap takes three round trips a request, and
 * at 256 streams on two cores cluster mode added more than twice a single server's time to the first token;
 * then one script each for the rate and the place, 1.66 times (docs/performance.md, "Cluster mode").
 */
@ApplicationScoped
@Typed(RedisUserLimits.class)
public class RedisUserLimits implements UserLimits {

    private static final Logger LOG = Logger.getLogger(RedisUserLimits.class.getName());
    private static final int RENEWED_AT_ONCE = 500;

    /**
     * Counts one request against a bucket of ARGV[2] requests refilled one every ARGV[1] ms (KEYS[1] holds the time
     * at which the bucket is full again) and, within it, drops the expired leases of KEYS[2] and takes lease ARGV[4]
     * for ARGV[5] ms if fewer than ARGV[3] remain. Returns the milliseconds until a request would fit, 0 when the
     * lease was taken, -1 when none was free.
     */
    private static final String ENTER = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local interval = tonumber(ARGV[1])
            local full = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
            local wait = full + interval - now - interval * tonumber(ARGV[2])
            if wait > 0 then return wait end
            redis.call('SET', KEYS[1], full + interval, 'PX', full + interval - now)
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            return 0
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
    public CompletableFuture<Verdict> enter(Owner owner, int perMinute, int concurrent) {
        String user = userOf(owner);
        String running = redis.key("running", user);
        String lease = instance.id() + "/" + UUID.randomUUID();
        long interval = Math.max(1, Duration.ofMinutes(1).toMillis() / perMinute);
        CompletableFuture<Long> answer;
        try {
            answer = redis.commands().async().<Long>eval(ENTER, ScriptOutputType.INTEGER,
                    new String[] {redis.key("rate", user), running}, Long.toString(interval), Integer.toString(perMinute),
                    Integer.toString(concurrent), lease, Long.toString(leaseLife().toMillis())).toCompletableFuture();
        } catch (RedisException unreachable) {
            answer = CompletableFuture.failedFuture(unreachable);
        }
        return answer.handle((result, failure) -> {
            if (failure != null) {
                LOG.warning("Redis did not answer: request rates and running replies are counted per server ("
                        + failure.getMessage() + ")");
                return local.enter(owner, perMinute, concurrent).join();
            }
            if (result > 0) {
                return new Verdict(TimeUnit.MILLISECONDS.toNanos(result), null);
            }
            return new Verdict(0, result < 0 ? null : held(lease, running));
        });
    }

    private Runnable held(String lease, String running) {
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
