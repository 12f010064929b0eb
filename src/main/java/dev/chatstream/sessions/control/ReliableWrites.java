package dev.chatstream.sessions.control;

import dev.chatstream.platform.entity.Causes;
import dev.chatstream.sessions.entity.ReplyOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes that must survive a passing database failure. The retry wraps the whole transaction — a separate
 * bean because the transaction interceptor would otherwise run outside the retry and a failed attempt
 * would poison the transaction of the next.
 */
@ApplicationScoped
public class ReliableWrites {

    private static final Logger LOG = Logger.getLogger(ReliableWrites.class.getName());

    @Inject
    Conversations conversations;

    @Inject
    MeterRegistry metrics;

    private Counter failedAttempts;

    @PostConstruct
    void register() {
        failedAttempts = Counter.builder("chatstream.saves.retried")
                .description("Failed attempts to save a reply or a title: retried, or given up after the last")
                .register(metrics);
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the counter is there (at zero) before the first save
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    public void endReply(UUID replyId, ReplyOutcome outcome) {
        counted(() -> {
            conversations.endReply(replyId, outcome);
            return null;
        });
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    public Optional<String> nameSession(UUID sessionId, String topic) {
        return counted(() -> conversations.nameSession(sessionId, topic));
    }

    private <T> T counted(Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            failedAttempts.increment();
            // one line per attempt, so that the metric has a cause to look at; the caller logs the last in full
            LOG.log(Level.WARNING, "A save failed and is retried unless it was the last attempt: {0}", rootCause(e));
            throw e;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = Causes.root(e);
        return root == e ? e.toString() : e.getClass().getName() + " caused by " + root;
    }
}
