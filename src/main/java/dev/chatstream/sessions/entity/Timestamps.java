package dev.chatstream.sessions.entity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Databases keep microseconds: entities hold exactly what will be stored, so keysets compare equal. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
