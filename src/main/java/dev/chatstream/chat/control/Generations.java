package dev.chatstream.chat.control;

import dev.chatstream.platform.control.BackgroundThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The generations of this server by reply id, and the heartbeat that keeps their readers' connections
 * open (and finds the readers that left: a gone client is only noticed when something is written).
 */
@ApplicationScoped
public class Generations {

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.stream.heartbeat", defaultValue = "PT15S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "chatstream.stream.retention", defaultValue = "PT2M")
    Duration retention;

    private final Map<UUID, Generation> running = new ConcurrentHashMap<>();
    private ScheduledFuture<?> pings;

    @PostConstruct
    void startHeartbeat() {
        pings = threads.every(heartbeat, () -> running.values().forEach(Generation::ping));
    }

    @PreDestroy
    void stopHeartbeat() {
        pings.cancel(false);
    }

    void add(Generation generation) {
        running.put(generation.replyId(), generation);
    }

    /** Keeps an ended generation's log for a while, for readers that come back. */
    void ended(Generation generation) {
        threads.after(retention, () -> running.remove(generation.replyId(), generation));
    }

    public Optional<Generation> find(UUID replyId) {
        return Optional.ofNullable(running.get(replyId));
    }

    public int active() {
        return (int) running.values().stream().filter(generation -> !generation.isOver()).count();
    }
}
