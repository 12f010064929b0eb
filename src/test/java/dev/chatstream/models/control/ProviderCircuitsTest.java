package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProviderCircuitsTest {

    private final ProviderCircuits circuits = new ProviderCircuits();

    @Test
    void aProviderIsOpenOnceItsBreakerRefusedACallAndClosedOnceAStreamOpens() {
        assertFalse(circuits.isOpen(ProviderCircuits.PRIMARY), "nothing seen yet");

        circuits.refused(ProviderCircuits.PRIMARY);
        assertTrue(circuits.isOpen(ProviderCircuits.PRIMARY));
        assertFalse(circuits.isOpen(ProviderCircuits.FALLBACK), "each provider has its own breaker");

        circuits.succeeded(ProviderCircuits.PRIMARY);
        assertFalse(circuits.isOpen(ProviderCircuits.PRIMARY));
    }
}
