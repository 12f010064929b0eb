package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import dev.chatstream.models.control.ModelStream;
import dev.chatstream.models.control.StreamListener;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
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
import java.util.function.Function;

/**
 * One reply being generated, independent of any HTTP connection. It numbers its events 1, 2, 3 …, keeps them
 * in a log and hands each to every attached subscriber in order; a subscriber that attaches late is first
 * given what it missed. The text is collected here, in memory: the per-token path never touches the database.
 * A generation ends exactly once: completed, failed or cancelled, whichever comes first.
 */
public class Generation implements StreamListener, ReplyStream {

    /** What happens when the model has finished: save, then say so. */
    interface Ending {
        void end(Generation generation, ReplyOutcome outcome, ModelFailure failure);
    }

    /** The text so far, for checkpoints and cancellation. */
    public record Snapshot(String content, String reasoning, long version) {
    }

    public static final String CANCELLED = "cancelled";
    /** The finish reason of a reply cut at its assistant's longest reply, as OpenAI names a reply cut short. */
    public static final String LENGTH = "length";

    private final Owner owner;
    private final Turn turn;
    /** The provider and model answering: the chosen ones, until a fallback provider takes over before the first token. */
    private volatile String provider;
    private volatile String model;
    private final Ending ending;
    private final ReplyJournal journal;
    private final int maxReplyChars;
    private final long startedAt = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final EventLog log;
    private final CompletableFuture<String> naming = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private long version;
    private long firstTokenAt;
    private boolean finished;
    private volatile boolean over;
    private volatile String topic;
    /**
     * The upstream call, until it is over. A finished generation stays in memory for resuming readers
     * ({@code chatstream.stream.retention}); it must not keep the HTTP call's request and response with it.
     */
    private volatile ModelStream stream;
    private volatile Runnable whenAbandoned = () -> { };

    /**
     * @param journal       where its events also go, for readers on other servers
     * @param maxReplyChars the most characters of text and reasoning together; the reply ends there
     */
    Generation(Owner owner, Turn turn, String model, Ending ending, ReplyJournal journal, int maxReplyChars) {
        this(owner, turn, null, model, ending, journal, maxReplyChars);
    }

    /** @param provider the provider chosen to answer, with {@code model} */
    Generation(Owner owner, Turn turn, String provider, String model, Ending ending, ReplyJournal journal,
               int maxReplyChars) {
        this.provider = provider;
        this.owner = owner;
        this.journal = journal;
        this.maxReplyChars = maxReplyChars;
        this.turn = turn.withoutHistory(); // kept for minutes with every open stream: the history would be dead weight
        this.model = model;
        this.ending = ending;
        this.log = new EventLog(turn.sessionId(), content, reasoning);
    }

    @Override
    public UUID replyId() {
        return turn.replyId();
    }

    @Override
    public UUID sessionId() {
        return turn.sessionId();
    }

    @Override
    public UUID messageId() {
        return turn.messageId();
    }


    public Turn turn() {
        return turn;
    }

    public boolean isOwnedBy(Owner caller) {
        return owner.equals(caller);
    }

    public String model() {
        return model;
    }

    /** The provider answering, or chosen to; null for a replayed reply from before providers were stored. */
    public String provider() {
        return provider;
    }

    public String topic() {
        return topic;
    }

    /** Ended with a terminal event; nothing more will be sent. */
    public boolean isOver() {
        return over;
    }

    /** Completes once the reply is saved and its terminal event sent. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Runs when the last reader leaves while the reply is still being generated. */
    void whenAbandoned(Runnable action) {
        whenAbandoned = action;
    }

    @Override
    public void subscribe(Subscriber subscriber, long afterId) {
        lock.lock();
        try {
            int from = (int) Math.min(Math.max(0, afterId), log.size());
            subscriber.caughtUp(log.size() - from);
            if (!log.replay(from, subscriber)) {
                subscriber.close();
                return;
            }
            if (over) {
                subscriber.close();
            } else {
                subscribers.add(subscriber);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logs an event and hands it to every reader; ignored once a terminal event has been sent. */
    void publish(ChatEvent event) {
        boolean abandoned;
        lock.lock();
        try {
            if (over) {
                return;
            }
            log.add(event);
            over = event.terminal();
            EventFrame frame = new EventFrame(log.size(), event);
            journal.record(turn.replyId(), frame);
            int before = subscribers.size();
            subscribers.removeIf(subscriber -> {
                boolean gone = !subscriber.deliver(frame);
                if (gone || event.terminal()) {
                    subscriber.close();
                }
                return gone || event.terminal();
            });
            abandoned = !over && before > 0 && subscribers.isEmpty();
        } finally {
            lock.unlock();
        }
        if (over) {
            ended.complete(null);
        }
        if (abandoned) {
            whenAbandoned.run();
        }
    }

    void ping() {
        boolean abandoned;
        lock.lock();
        try {
            int before = subscribers.size();
            subscribers.removeIf(subscriber -> {
                boolean gone = !subscriber.ping();
                if (gone) {
                    subscriber.close();
                }
                return gone;
            });
            abandoned = !over && before > 0 && subscribers.isEmpty();
        } finally {
            lock.unlock();
        }
        if (abandoned) {
            whenAbandoned.run();
        }
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

    /** The text so far; {@code version} grows with every piece, so unchanged text need not be written again. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(content.toString(), reasoning.toString(), version);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the generation: the upstream call is aborted, the text so far saved as cancelled and {@code done}
     * sent with finish reason {@value #CANCELLED} — all before this returns. Does nothing once ended.
     */
    public void cancel() {
        stop(CANCELLED, MessageStatus.CANCELLED);
    }

    /** Ends the generation here, with this finish reason and status: upstream aborted, text so far saved. */
    private void stop(String finishReason, MessageStatus status) {
        ReplyOutcome outcome = claimEnd(ended -> new ReplyOutcome(ended, content.toString(), reasoning.toString(),
                model, finishReason, null, null, timeToFirstToken(), elapsed()).withProvider(provider), status);
        if (outcome == null) {
            return;
        }
        ModelStream upstream = stream;
        stream = null;
        if (upstream != null) {
            upstream.cancel();
        }
        ending.end(this, outcome, null);
    }

    @Override
    public void attach(ModelStream attempt) {
        stream = attempt;
        boolean stopped;
        lock.lock();
        try {
            stopped = finished;
        } finally {
            lock.unlock();
        }
        if (stopped) {
            stream = null;
            attempt.cancel(); // cancelled while this attempt was being opened
        }
    }

    /** A fallback provider starts the reply instead of the chosen one, before any text: the readers are told. */
    @Override
    public void onProviderChanged(String answering, String answeringModel, ModelFailure reason) {
        String previous = provider;
        provider = answering;
        model = answeringModel;
        publish(new ChatEvent.ProviderChanged(answering, answeringModel, previous, reason.code().wire()));
    }

    @Override
    public void onReasoning(String text) {
        String taken = append(reasoning, text);
        if (taken != null && !taken.isEmpty()) {
            publish(new ChatEvent.Reasoning(taken));
        }
        endIfCut(taken, text);
    }

    @Override
    public void onContent(String text) {
        String taken = append(content, text);
        if (taken != null && !taken.isEmpty()) {
            publish(new ChatEvent.Content(turn.sessionId(), taken));
        }
        endIfCut(taken, text);
    }

    /** A piece that did not fit whole reached the longest reply: the reply ends there, complete, as "length". */
    private void endIfCut(String taken, String piece) {
        if (taken != null && taken.length() < piece.length()) {
            stop(LENGTH, MessageStatus.COMPLETE);
        }
    }

    /** Appends as much of {@code piece} as the longest reply leaves room for; what it took, or null once ended. */
    private String append(StringBuilder text, String piece) {
        lock.lock();
        try {
            if (finished) {
                return null;
            }
            if (firstTokenAt == 0) {
                firstTokenAt = System.nanoTime();
            }
            String taken = fitting(piece, maxReplyChars - content.length() - reasoning.length());
            text.append(taken);
            version++;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** The longest start of {@code piece} of at most {@code room} characters that does not split a surrogate pair. */
    static String fitting(String piece, int room) {
        if (piece.length() <= room) {
            return piece;
        }
        int end = Math.max(0, room);
        if (end > 0 && Character.isHighSurrogate(piece.charAt(end - 1))) {
            end--;
        }
        return piece.substring(0, end);
    }

    @Override
    public void onComplete(ModelReply reply) {
        finish(status -> new ReplyOutcome(status, content.toString(), reasoning.toString(), reply.model(),
                reply.finishReason(), null, reply.usage(), timeToFirstToken(), elapsed()).withProvider(provider),
                MessageStatus.COMPLETE, null);
    }

    @Override
    public void onFailure(ModelFailure failure) {
        finish(status -> new ReplyOutcome(status, content.toString(), reasoning.toString(), model, null,
                failure.code().wire(), null, timeToFirstToken(), elapsed()).withProvider(provider), null, failure);
    }

    private void finish(Function<MessageStatus, ReplyOutcome> outcomeOf, MessageStatus status,
                        ModelFailure failure) {
        ReplyOutcome outcome = claimEnd(outcomeOf, status);
        if (outcome != null) {
            stream = null;
            ending.end(this, outcome, failure);
        }
    }

    /**
     * Claims the one end of this generation: the outcome to write (failed or incomplete when {@code status}
     * is null, by whether text had arrived), or null when it has ended already.
     */
    private ReplyOutcome claimEnd(Function<MessageStatus, ReplyOutcome> outcomeOf, MessageStatus status) {
        lock.lock();
        try {
            if (finished) {
                return null;
            }
            finished = true;
            return outcomeOf.apply(status != null ? status
                    : firstTokenAt == 0 ? MessageStatus.FAILED : MessageStatus.INCOMPLETE);
        } finally {
            lock.unlock();
        }
    }

    private Duration timeToFirstToken() {
        return firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - startedAt);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }
}
