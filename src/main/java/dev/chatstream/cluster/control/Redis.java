package dev.chatstream.cluster.control;

import dev.chatstream.platform.control.ServerInstance;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The connections to Redis of a server in cluster mode, made when first used: one for commands, shared by
 * every request; the subscription connection that the pub/sub protocol needs of its own; and one that
 * pipelines the journal's writes (it flushes batches, not single commands), on an I/O thread of its own, so
 * that a request's few commands never wait behind the replies to thousands of journaled events. While Redis
 * cannot be reached, commands fail at once rather than queue up, and Lettuce reconnects (and subscribes again)
 * by itself.
 */
@ApplicationScoped
public class Redis {

    @Inject
    @ConfigProperty(name = "chatstream.redis.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "chatstream.redis.key-prefix", defaultValue = "chatstream:")
    String prefix;

    @Inject
    @ConfigProperty(name = "chatstream.redis.timeout", defaultValue = "PT2S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "chatstream.redis.publish-buffer", defaultValue = "65536")
    int publishBuffer;

    @Inject
    ServerInstance instance;

    private RedisClient client;
    private ClientResources journalThread;
    private RedisClient journalClient;
    private StatefulRedisConnection<String, String> commands;
    private StatefulRedisConnection<String, String> pipeline;
    private StatefulRedisPubSubConnection<String, String> subscriptions;

    @PostConstruct
    void connect() {
        RedisURI uri = uri();
        uri.setClientName("chatstream-" + instance.id());
        uri.setTimeout(timeout);
        ClientOptions options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // commands written but not yet answered: the journal's buffer, and room for the rest
                .requestQueueSize(2 * publishBuffer + 10_000)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
        client = RedisClient.create(uri);
        client.setOptions(options);
        commands = client.connect();
        subscriptions = client.connectPubSub();
        journalThread = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        journalClient = RedisClient.create(journalThread, uri);
        journalClient.setOptions(options);
        pipeline = journalClient.connect();
        pipeline.setAutoFlushCommands(false);
    }

    @PreDestroy
    void close() {
        journalClient.shutdown(Duration.ZERO, timeout);
        journalThread.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        client.shutdown(Duration.ZERO, timeout);
    }

    /** A key or channel name of this deployment's: the configured prefix and the parts, joined by ':'. */
    String key(String... parts) {
        return prefix + String.join(":", parts);
    }

    Duration timeout() {
        return timeout;
    }

    RedisClient client() {
        return client;
    }

    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    /** Auto-flush is off: whoever writes here calls {@code flushCommands()}, from one thread at a time. */
    StatefulRedisConnection<String, String> pipeline() {
        return pipeline;
    }

    StatefulRedisPubSubConnection<String, String> subscriptions() {
        return subscriptions;
    }

    /** The server's address, without a password, for logs and health. */
    public String address() {
        RedisURI uri = uri();
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    /** Answers PING within the timeout, or throws. */
    public void ping() throws Exception {
        commands.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RedisURI uri() {
        return RedisURI.create(url.orElseThrow(() -> new IllegalStateException("chatstream.redis.url is not set")));
    }
}
