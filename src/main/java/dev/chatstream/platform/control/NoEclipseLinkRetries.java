package dev.chatstream.platform.control;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink takes a connection the pool could not give in time for a dead one and asks again, three more
 * times: a request would wait four times the pool's wait when the pool is exhausted, long after the client and the
 * HTTP server gave up on it. {@link Database} itself runs a transaction again whose connection was lost.
 */
public class NoEclipseLinkRetries implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
    }
}
