package dev.chatstream.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.control.LocalUserLimits;
import dev.chatstream.chat.control.UserLimits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user's limits shared by two servers through the machine's real Redis (127.0.0.1:6379, a prefix of its own). */
class RedisUserLimitsTest {

    private final LocalRedis redis = new LocalRedis();
    private final Owner alice = new Owner("alice", "acme");

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void runningRepliesAreCountedOnEveryServerAndAPlaceGivenBackIsFreeAgain() {
        RedisUserLimits one = limits(Duration.ofSeconds(5));
        RedisUserLimits other = limits(Duration.ofSeconds(5));

        Runnable first = take(one, alice, 3);
        assertNotNull(first);
        assertNotNull(take(other, alice, 3));
        assertNotNull(take(one, alice, 3));
        assertNull(take(other, alice, 3), "a fourth, wherever it asks");
        assertNull(take(one, alice, 3));
        assertNotNull(take(other, new Owner("bob", "acme"), 3), "another user's places are his own");
        assertNotNull(take(other, new Owner("alice", "globex"), 3), "so are another tenant's");

        first.run();
        assertNotNull(take(other, alice, 3), "given back on one server, free on the other");
    }

    @Test
    void theLeasesOfAServerThatStoppedRenewingExpire() throws InterruptedException {
        RedisUserLimits dead = limits(Duration.ofMillis(200)); // leases live three of these: 600 ms
        RedisUserLimits alive = limits(Duration.ofSeconds(5));
        assertNotNull(take(dead, alice, 1));
        dead.stop(); // no more renewals, as when its JVM dies

        assertNull(take(alive, alice, 1), "the lease holds while it is fresh");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Runnable taken;
        while ((taken = take(alive, alice, 1)) == null) {
            assertTrue(System.nanoTime() < deadline, "the dead server's lease never expired");
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstLife() throws InterruptedException {
        RedisUserLimits renewing = limits(Duration.ofMillis(200));
        RedisUserLimits other = limits(Duration.ofSeconds(5));
        assertNotNull(take(renewing, alice, 1));

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // more than three leases of 200 ms
        while (System.nanoTime() < until) {
            assertNull(take(other, alice, 1), "renewed, the lease is still there");
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Test
    void theRateCountsRequestsOnEveryServer() {
        RedisUserLimits one = limits(Duration.ofSeconds(5));
        RedisUserLimits other = limits(Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, countRequest(i % 2 == 0 ? one : other, alice, 3));
        }
        long wait = countRequest(other, alice, 3);
        assertTrue(wait > 0 && wait <= TimeUnit.SECONDS.toNanos(20), "the fourth in a minute waits about 20 s: " + wait);
        assertEquals(0, countRequest(one, new Owner("bob", "acme"), 3));
    }

    /** A place, asked for by a request within a generous rate: the way to give it back, or null. */
    private static Runnable take(RedisUserLimits limits, Owner owner, int concurrent) {
        UserLimits.Verdict verdict = limits.enter(owner, 1_000, concurrent).join();
        assertEquals(0, verdict.rateWait());
        return verdict.release();
    }

    /** A request's wait for the rate: 0 within it. */
    private static long countRequest(RedisUserLimits limits, Owner owner, int perMinute) {
        UserLimits.Verdict verdict = limits.enter(owner, perMinute, 1_000).join();
        assertEquals(verdict.rateWait() == 0, verdict.release() != null, "a place is taken exactly when the rate allows");
        return verdict.rateWait();
    }

    private RedisUserLimits limits(Duration instanceLease) {
        RedisUserLimits limits = new RedisUserLimits();
        limits.redis = redis.connect();
        limits.local = new LocalUserLimits();
        limits.instance = limits.redis.instance;
        limits.threads = redis.threads;
        limits.instanceLease = instanceLease;
        limits.start();
        return limits;
    }
}
