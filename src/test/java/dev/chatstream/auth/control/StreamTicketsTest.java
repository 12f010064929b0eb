package dev.chatstream.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.auth.entity.Owner;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stream tickets open one reply for its owner, survive a change of secret for one lifetime, and need a real secret. */
class StreamTicketsTest {

    private static final String OLD = "an-old-secret-of-at-least-32-bytes-0001";
    private static final String NEW = "a-new-secret-of-at-least-32-bytes-00002";
    private final Owner alice = new Owner("alice", "acme");

    @Test
    void aTicketOpensOnlyItsOwnReply() {
        StreamTickets tickets = tickets(Optional.of(NEW), Optional.empty());
        UUID reply = UUID.randomUUID();
        String ticket = tickets.issue(alice, reply);

        assertEquals(Optional.of(alice), tickets.verify(ticket, reply));
        assertTrue(tickets.verify(ticket, UUID.randomUUID()).isEmpty(), "another reply");
        assertTrue(tickets(Optional.of(OLD), Optional.empty()).verify(ticket, reply).isEmpty(), "another secret");
    }

    @Test
    void aTicketSignedWithThePreviousSecretStillWorksAfterARotation() {
        UUID reply = UUID.randomUUID();
        String issuedBeforeTheChange = tickets(Optional.of(OLD), Optional.empty()).issue(alice, reply);

        StreamTickets rotated = tickets(Optional.of(NEW), Optional.of(OLD));
        assertEquals(Optional.of(alice), rotated.verify(issuedBeforeTheChange, reply));
        assertEquals(Optional.of(alice), rotated.verify(rotated.issue(alice, reply), reply));
        assertTrue(tickets(Optional.of(NEW), Optional.empty()).verify(issuedBeforeTheChange, reply).isEmpty(),
                "once the previous secret is dropped, its tickets are refused");
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedNotQuietlyReplaced() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> tickets(Optional.of("short"), Optional.empty()));
        assertTrue(refused.getMessage().contains("chatstream.stream.ticket-secret"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> tickets(Optional.of(NEW), Optional.of("short")));
    }

    private static StreamTickets tickets(Optional<String> secret, Optional<String> previous) {
        StreamTickets tickets = new StreamTickets();
        tickets.configuredSecret = secret;
        tickets.previousSecret = previous;
        tickets.ttl = Duration.ofMinutes(5);
        tickets.init();
        return tickets;
    }
}
