package dev.chatstream.chat.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.sessions.entity.ReplyOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The chat component's metrics, served at {@code /metrics} (docs/operations.md).
 * Replies are counted when they end, so a reply's tokens and time to first token appear once it is saved.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    Generations generations;

    private Timer firstToken;
    private Counter tokens;
    private Counter replies;

    @PostConstruct
    void register() {
        Gauge.builder("chatstream.generations.active", generations, Generations::active).strongReference(true)
                .description("Replies being generated right now").register(registry);
        Gauge.builder("chatstream.generations.kept", generations, Generations::kept).strongReference(true)
                .description("Replies that ended and are kept in memory for readers that come back").register(registry);
        firstToken = Timer.builder("chatstream.first.token")
                .description("From the request to the model's first chunk, per reply").register(registry);
        tokens = Counter.builder("chatstream.tokens.relayed")
                .description("Completion tokens streamed to clients, as the providers counted them").register(registry);
        replies = Counter.builder("chatstream.replies")
                .description("Replies ended, whatever their outcome").register(registry);
    }

    void eagerly(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // registered at deployment, so that the metrics are there (at zero) before the first reply
    }

    void replyEnded(ReplyOutcome outcome, ModelFailure failure) {
        replies.increment();
        if (outcome.timeToFirstToken() != null) {
            firstToken.record(outcome.timeToFirstToken());
        }
        if (outcome.usage() != null) {
            tokens.increment(outcome.usage().completionTokens());
        }
        if (failure != null && failure.code() != ModelFailure.Code.CANCELLED) {
            Counter.builder("chatstream.upstream.errors").description("Replies the model failed, by error code")
                    .tag("code", failure.code().wire()).register(registry).increment();
        }
    }
}
