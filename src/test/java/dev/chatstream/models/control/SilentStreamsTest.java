package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SilentStreamsTest {

    private final List<ModelFailure> failures = new ArrayList<>();
    private final AtomicBoolean callStopped = new AtomicBoolean();
    private final StreamListener listener = new StreamListener() {
        @Override
        public void onReasoning(String text) {
        }

        @Override
        public void onContent(String text) {
        }

        @Override
        public void onComplete(ModelReply reply) {
        }

        @Override
        public void onFailure(ModelFailure failure) {
            failures.add(failure);
        }
    };

    @Test
    void aStreamSilentForLongerThanTheLimitIsStoppedAndEndsAsTimedOut() {
        SilentStreams streams = new SilentStreams(Duration.ZERO);
        ChunkRelay relay = relay(streams);
        streams.watch(relay);

        streams.sweep();
        assertTrue(callStopped.get(), "the HTTP call is aborted");

        relay.onComplete(Optional.of(new IOException("Canceled"))); // what the SDK reports for the aborted call
        assertEquals(ModelFailure.Code.UPSTREAM_TIMEOUT, failures.getFirst().code());
    }

    @Test
    void aStreamHeardFromWithinTheLimitGoesOn() {
        SilentStreams streams = new SilentStreams(Duration.ofMinutes(1));
        streams.watch(relay(streams));

        streams.sweep();

        assertFalse(callStopped.get());
        assertTrue(failures.isEmpty());
    }

    @Test
    void aStoppedStreamStillEndsAsStoppedByTheUser() {
        SilentStreams streams = new SilentStreams(Duration.ofMinutes(1));
        ChunkRelay relay = relay(streams);
        streams.watch(relay);

        relay.cancel();
        relay.onComplete(Optional.of(new IOException("Canceled")));

        assertEquals(ModelFailure.Code.CANCELLED, failures.getFirst().code());
    }

    private ChunkRelay relay(SilentStreams streams) {
        return new ChunkRelay("model", listener, () -> callStopped.set(true), streams::forget);
    }
}
