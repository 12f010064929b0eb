package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;

/**
 * Each user's share of the service: chat requests per minute and replies generated at once — on this server
 * ({@link LocalUserLimits}) or across every server of a cluster.
 */
public interface UserLimits {

    /** Counts one chat request; 0 when it is within the rate, else the nanoseconds until one would be. */
    long countRequest(Owner owner, int perMinute);

    /** Takes one of the user's {@code concurrent} places: the way to give it back, or null when none is free. */
    Runnable take(Owner owner, int concurrent);
}
