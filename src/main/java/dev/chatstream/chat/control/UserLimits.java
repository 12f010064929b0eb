package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import java.util.concurrent.CompletableFuture;

/**
 * Each user's share of the service: chat requests per minute and replies generated at once — on this server
 * ({@link LocalUserLimits}) or across every server of a cluster.
 */
public interface UserLimits {

    /**
     * Counts one chat request against the user's rate of {@code perMinute} and, if it is within it, takes one of
     * the user's {@code concurrent} places for its reply, both in one step whose answer may come later: a request
     * sends it when it arrives and waits for it only once it is about to start its reply.
     */
    CompletableFuture<Verdict> enter(Owner owner, int perMinute, int concurrent);

    /**
     * @param rateWait 0 when the request is within the rate, else the nanoseconds until one would be
     * @param release  how to give back the place taken, or null when none was (over the rate, or none free)
     */
    record Verdict(long rateWait, Runnable release) {
    }
}
