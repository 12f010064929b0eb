package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Overloaded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a chat request is told about its user's limits, whatever else happens to it on the way. */
class AdmissionTest {

    private final Owner alice = new Owner("alice", "acme");
    @Test
    void aPlaceIsHeldOnlyByARequestThatStartedAReply() {
        Admission admission = admission(30, 2);
        admission.entering(alice, entry -> "an earlier reply, found by its client_request_id");
        assertThrows(InvalidInput.class, () -> admission.entering(alice, entry -> {
            throw InvalidInput.of("message", "empty");
        }));
        List<Admission.Ticket> running = new ArrayList<>();
        running.add(admission.entering(alice, Admission.Entry::admit));
        running.add(admission.entering(alice, Admission.Entry::admit));

        Overloaded third = assertThrows(Overloaded.class, () -> admission.entering(alice, Admission.Entry::admit));
        assertEquals("too_many_generations", third.code());
        running.getFirst().close();
        running.getFirst().close(); // a second close gives nothing back twice
        assertNotNull(admission.entering(alice, Admission.Entry::admit), "the place given back is free again");
    }

    @Test
    void aRequestOverTheRateIsToldSoWhateverElseIsWrongWithIt() {
        Admission admission = admission(5, 2);
        for (int i = 0; i < 5; i++) {
            assertThrows(InvalidInput.class, () -> admission.entering(alice, entry -> {
                throw InvalidInput.of("message", "empty");
            }), "invalid requests count against the rate too");
        }
        Overloaded refused = assertThrows(Overloaded.class, () -> admission.entering(alice, entry -> {
            throw InvalidInput.of("message", "empty");
        }));
        assertEquals("rate_limited", refused.code());
        Overloaded found = assertThrows(Overloaded.class, () -> admission.entering(alice, entry -> "an earlier reply"));
        assertEquals("rate_limited", found.code(), "a repeated request is counted like any other");
        IllegalStateException other = new IllegalStateException("the request's own failure");
        assertSame(other, assertThrows(IllegalStateException.class, () -> admission(5, 2).entering(alice, entry -> {
            throw other;
        })), "within the rate, the request's own error is the answer");
    }

    private static Admission admission(int perMinute, int concurrent) {
        Admission admission = new Admission();
        admission.requestsPerMinute = perMinute;
        admission.concurrentPerUser = concurrent;
        admission.concurrentTotal = 100;
        admission.queueWait = Duration.ZERO;
        admission.users = new LocalUserLimits();
        admission.init();
        return admission;
    }
}
