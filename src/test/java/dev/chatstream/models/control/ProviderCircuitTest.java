package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderCircuitTest {

    private long now;
    private final ProviderCircuit circuit = new ProviderCircuit(
            new ProviderSettings.Circuit(4, 0.75, Duration.ofSeconds(10)), () -> now);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(circuit.tryAcquire());
            circuit.failed();
        }
    }

    @Test
    void staysClosedUntilTheWindowIsFullAndFailingEnough() {
        fail(3);
        assertEquals(ProviderCircuit.State.CLOSED, circuit.state(), "3 of 4 calls seen: the window is not full yet");
        assertTrue(circuit.tryAcquire());
        circuit.succeeded();
        assertEquals(ProviderCircuit.State.OPEN, circuit.state(), "3 failures of 4 reach the ratio of 0.75");
        assertFalse(circuit.tryAcquire());
    }

    @Test
    void successesInTheWindowKeepItClosed() {
        for (int i = 0; i < 10; i++) {
            assertTrue(circuit.tryAcquire());
            if (i % 2 == 0) {
                circuit.failed();
            } else {
                circuit.succeeded();
            }
        }
        assertEquals(ProviderCircuit.State.CLOSED, circuit.state(), "half of the calls failing is under 0.75");
    }

    @Test
    void afterTheDelayOneTrialIsLetThroughAndDecides() {
        fail(4);
        assertTrue(circuit.isOpen());
        now += Duration.ofSeconds(9).toNanos();
        assertFalse(circuit.tryAcquire(), "still within the delay");
        now += Duration.ofSeconds(1).toNanos();
        assertEquals(ProviderCircuit.State.HALF_OPEN, circuit.state());
        assertTrue(circuit.tryAcquire(), "the trial");
        assertFalse(circuit.tryAcquire(), "only one trial at a time");
        circuit.failed();
        assertTrue(circuit.isOpen(), "a failed trial opens it again");

        now += Duration.ofSeconds(10).toNanos();
        assertTrue(circuit.tryAcquire());
        circuit.succeeded();
        assertEquals(ProviderCircuit.State.CLOSED, circuit.state(), "a good trial closes it");
        fail(3);
        assertEquals(ProviderCircuit.State.CLOSED, circuit.state(), "closing starts a fresh window");
    }

    @Test
    void anAbandonedTrialLetsTheNextOneThrough() {
        fail(4);
        now += Duration.ofSeconds(10).toNanos();
        assertTrue(circuit.tryAcquire());
        circuit.abandoned();
        assertTrue(circuit.tryAcquire());
    }
}
