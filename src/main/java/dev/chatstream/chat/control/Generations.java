package dev.chatstream.chat.control;

import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.sessions.control.Conversations;
import dev.chatstream.sessions.control.ReplyDraft;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The generations of this server by reply id (kept for {@code chatstream.stream.retention} after they end),
 * the heartbeat that keeps their readers' connections open — and finds the readers that left, since a gone
 * client is only noticed when something is written — and the checkpoints that write running replies' text.
 */
@ApplicationScoped
public class Generations {

    private static final Logger LOG = Logger.getLogger(Generations.class.getName());

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.stream.heartbeat", defaultValue = "PT15S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "chatstream.stream.retention", defaultValue = "PT2M")
    Duration retention;

    @Inject
    @ConfigProperty(name = "chatstream.stream.checkpoint", defaultValue = "PT2S")
    Duration checkpoint;

    @Inject
    Conversations conversations;

    private final Map<UUID, Generation> running = new ConcurrentHashMap<>();
    /** Replies written per checkpoint transaction: large enough to save commits, small enough to keep locks short. */
    private static final int CHECKPOINT_BATCH = 500;

    private final Map<UUID, Long> checkpointed = new ConcurrentHashMap<>();
    private ScheduledFuture<?> pings;
    private ScheduledFuture<?> checkpoints;

    @PostConstruct
    void start() {
        pings = threads.every(heartbeat, () -> running.values().forEach(Generation::ping));
        checkpoints = threads.every(checkpoint, this::checkpoint);
    }

    @PreDestroy
    void stop() {
        pings.cancel(false);
        checkpoints.cancel(false);
    }

    /**
     * Writes the text of every running generation that grew since its last checkpoint; off the token path.
     * A batch that fails is written again at the next interval.
     */
    private void checkpoint() {
        List<ReplyDraft> drafts = new ArrayList<>();
        Map<UUID, Long> versions = new HashMap<>();
        for (Generation generation : running.values()) {
            if (generation.isOver()) {
                checkpointed.remove(generation.replyId());
                continue;
            }
            Generation.Snapshot text = generation.snapshot();
            Long written = checkpointed.get(generation.replyId());
            if (text.version() > 0 && (written == null || written < text.version())) {
                drafts.add(new ReplyDraft(generation.replyId(), text.content(), text.reasoning()));
                versions.put(generation.replyId(), text.version());
            }
        }
        for (int from = 0; from < drafts.size(); from += CHECKPOINT_BATCH) {
            List<ReplyDraft> batch = drafts.subList(from, Math.min(drafts.size(), from + CHECKPOINT_BATCH));
            try {
                conversations.checkpoint(batch);
                batch.forEach(draft -> checkpointed.put(draft.replyId(), versions.get(draft.replyId())));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Checkpoint of " + batch.size() + " replies failed; next interval", e);
            }
        }
    }

    /** Generations still running, not those kept for readers after they ended. */
    public long active() {
        return running.values().stream().filter(generation -> !generation.isOver()).count();
    }

    /** Generations that ended and are kept for readers that come back ({@code chatstream.stream.retention}). */
    public long kept() {
        return running.values().stream().filter(Generation::isOver).count();
    }

    void add(Generation generation) {
        running.put(generation.replyId(), generation);
    }

    /** Keeps an ended generation's log for a while, for readers that come back. */
    void ended(Generation generation) {
        checkpointed.remove(generation.replyId());
        threads.after(retention, () -> running.remove(generation.replyId(), generation));
    }

    private final Map<String, CompletableFuture<ReplyStream>> byClientRequest = new ConcurrentHashMap<>();

    /**
     * Claims a client's request id for {@code mine}; returns the earlier claim's reply-to-be if the id was
     * claimed already. A claim lasts as long as the reply's events are kept.
     */
    CompletableFuture<ReplyStream> claim(String key, CompletableFuture<ReplyStream> mine) {
        CompletableFuture<ReplyStream> earlier = byClientRequest.putIfAbsent(key, mine);
        if (earlier == null) {
            Runnable forget = () -> threads.after(retention, () -> byClientRequest.remove(key, mine));
            mine.whenComplete((reply, failed) -> {
                if (failed != null) {
                    byClientRequest.remove(key, mine);
                } else if (reply instanceof Generation generation) {
                    generation.ended().thenRun(forget);
                } else {
                    forget.run();
                }
            });
        }
        return earlier;
    }

    public Optional<Generation> find(UUID replyId) {
        return Optional.ofNullable(running.get(replyId));
    }
}
