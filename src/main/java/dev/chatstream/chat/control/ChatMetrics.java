package dev.chatstream.chat.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.sessions.entity.ReplyOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The chat component's MicroProfile Metrics, served at {@code /metrics?scope=application} (docs/operations.md).
 * Replies are counted when they end, so a reply's tokens and time to first token appear once it is saved.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    Generations generations;

    private Timer firstToken;
    private Counter tokens;
    private Counter replies;

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName("chatstream.generations.active")
                .withDescription("Replies being generated right now").build(), generations::active);
        registry.gauge(Metadata.builder().withName("chatstream.generations.kept")
                .withDescription("Replies that ended and are kept in memory for readers that come back").build(),
                generations::kept);
        firstToken = registry.timer(Metadata.builder().withName("chatstream.first.token")
                .withDescription("From the request to the model's first chunk, per reply")
                // what a timer records; Payara exports in seconds only the values it is told are nanoseconds
                .withUnit(MetricUnits.NANOSECONDS).build());
        tokens = registry.counter(Metadata.builder().withName("chatstream.tokens.relayed")
                .withDescription("Completion tokens streamed to clients, as the providers counted them").build());
        replies = registry.counter(Metadata.builder().withName("chatstream.replies")
                .withDescription("Replies ended, whatever their outcome").build());
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // registered at deployment, so that the metrics are there (at zero) before the first reply
    }

    void replyEnded(ReplyOutcome outcome, ModelFailure failure) {
        replies.inc();
        if (outcome.timeToFirstToken() != null) {
            firstToken.update(outcome.timeToFirstToken());
        }
        if (outcome.usage() != null) {
            tokens.inc(outcome.usage().completionTokens());
        }
        if (failure != null && failure.code() != ModelFailure.Code.CANCELLED) {
            registry.counter(Metadata.builder().withName("chatstream.upstream.errors")
                    .withDescription("Replies the model failed, by error code").withUnit(MetricUnits.NONE).build(),
                    new Tag("code", failure.code().wire())).inc();
        }
    }
}
