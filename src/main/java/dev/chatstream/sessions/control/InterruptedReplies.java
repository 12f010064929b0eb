package dev.chatstream.sessions.control;

import dev.chatstream.platform.control.SchemaMigration.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** At start, replies still marked streaming were cut off by a stop or crash of this server: say so. */
@ApplicationScoped
public class InterruptedReplies {

    private static final Logger LOG = Logger.getLogger(InterruptedReplies.class.getName());

    @Inject
    Conversations conversations;

    void mark(@Observes SchemaReady ready) {
        int marked = conversations.markInterrupted();
        if (marked > 0) {
            LOG.warning(marked + " replies were cut off by the last shutdown and are now marked interrupted");
        }
    }
}
