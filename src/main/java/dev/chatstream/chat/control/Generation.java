package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.control.StreamListener;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.MessageStatus;
import dev.chatstream.sessions.entity.ReplyOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reply being generated. It numbers its events 1, 2, 3 …, keeps them in a log and hands each to every
 * attached subscriber in order; a subscriber that attaches late is first given what it missed. The text is
 * collected here, in memory: the per-token path never touches the database.
 */
public class Generation implements StreamListener {

    /** What happens when the model has finished: save, then say so. */
    interface Ending {
        void end(Generation generation, ReplyOutcome outcome, ModelFailure failure);
    }

    private final Turn turn;
    private final String model;
    private final Ending ending;
    private final long startedAt = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ChatEvent> log = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private volatile long firstTokenAt;
    private volatile boolean finished;
    private volatile String topic;
    private volatile boolean over;
    private final CompletableFuture<String> naming = new CompletableFuture<>();

    Generation(Turn turn, String model, Ending ending) {
        this.turn = turn;
        this.model = model;
        this.ending = ending;
    }

    public UUID replyId() {
        return turn.replyId();
    }

    public Turn turn() {
        return turn;
    }

    public String model() {
        return model;
    }

    public String topic() {
        return topic;
    }

    /** Attaches a reader; it first receives every logged event after {@code afterId}, then live ones. */
    public void subscribe(Subscriber subscriber, long afterId) {
        lock.lock();
        try {
            for (int i = (int) Math.max(0, afterId); i < log.size(); i++) {
                if (!subscriber.deliver(i + 1, log.get(i))) {
                    subscriber.close();
                    return;
                }
            }
            if (isOver()) {
                subscriber.close();
            } else {
                subscribers.add(subscriber);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logs an event and sends it to every reader; ignored once a terminal event has been sent. */
    void publish(ChatEvent event) {
        lock.lock();
        try {
            if (isOver()) {
                return;
            }
            log.add(event);
            over = event.terminal();
            long id = log.size();
            subscribers.removeIf(subscriber -> {
                boolean gone = !subscriber.deliver(id, event);
                if (gone || event.terminal()) {
                    subscriber.close();
                }
                return gone || event.terminal();
            });
        } finally {
            lock.unlock();
        }
    }

    void ping() {
        lock.lock();
        try {
            subscribers.removeIf(subscriber -> {
                boolean gone = !subscriber.ping();
                if (gone) {
                    subscriber.close();
                }
                return gone;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Ended with a terminal event; nothing more will be sent. */
    public boolean isOver() {
        return over;
    }

    void named(String generatedTopic) {
        topic = generatedTopic;
        publish(new ChatEvent.Topic(generatedTopic));
        naming.complete(generatedTopic);
    }

    void unnamed() {
        naming.complete(null);
    }

    /** Waits up to {@code limit} for the title being generated in parallel, so that {@code done} can carry it. */
    void awaitTopic(Duration limit) {
        try {
            naming.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException late) {
            // done goes out without it; the session keeps the title when it comes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onReasoning(String text) {
        markFirstToken();
        reasoning.append(text);
        publish(new ChatEvent.Reasoning(text));
    }

    @Override
    public void onContent(String text) {
        markFirstToken();
        content.append(text);
        publish(new ChatEvent.Content(turn.sessionId(), text));
    }

    @Override
    public void onComplete(ModelReply reply) {
        finish(new ReplyOutcome(MessageStatus.COMPLETE, content.toString(), reasoning.toString(), reply.model(),
                reply.finishReason(), null, reply.usage(), timeToFirstToken(), elapsed()), null);
    }

    @Override
    public void onFailure(ModelFailure failure) {
        MessageStatus status = firstTokenAt == 0 ? MessageStatus.FAILED : MessageStatus.INCOMPLETE;
        finish(new ReplyOutcome(status, content.toString(), reasoning.toString(), model, null,
                failure.code().wire(), null, timeToFirstToken(), elapsed()), failure);
    }

    private void finish(ReplyOutcome outcome, ModelFailure failure) {
        if (finished) {
            return;
        }
        finished = true;
        ending.end(this, outcome, failure);
    }

    private void markFirstToken() {
        if (firstTokenAt == 0) {
            firstTokenAt = System.nanoTime();
        }
    }

    private Duration timeToFirstToken() {
        return firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - startedAt);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }
}
