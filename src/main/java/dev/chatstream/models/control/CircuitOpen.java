package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;

/** A provider's circuit is open: the opening was not even tried. Never retried; the next provider is tried instead. */
final class CircuitOpen extends ModelFailure {

    CircuitOpen(String provider) {
        super(Code.UPSTREAM_UNAVAILABLE, "The model provider '" + provider
                + "' is failing; new requests are paused for a moment");
    }
}
