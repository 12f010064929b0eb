package dev.chatstream.models.control;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends the streams whose provider has sent nothing for longer than the idle timeout. One sweep a second for
 * all streams, instead of a socket read timeout: on a virtual thread that timeout arms and cancels a timer on
 * every read, once per relayed chunk.
 */
final class SilentStreams {

    private final Duration limit;
    private final Set<ChunkRelay> watched = ConcurrentHashMap.newKeySet();

    SilentStreams(Duration limit) {
        this.limit = limit;
    }

    void watch(ChunkRelay relay) {
        watched.add(relay);
    }

    void forget(ChunkRelay relay) {
        watched.remove(relay);
    }

    void sweep() {
        long now = System.nanoTime();
        for (ChunkRelay relay : watched) {
            if (now - relay.lastHeardNanos() > limit.toNanos() && watched.remove(relay)) {
                relay.silentFor(limit);
            }
        }
    }
}
