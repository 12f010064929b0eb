package dev.chatstream.cluster.control;

import dev.chatstream.chat.control.RequestClaims;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Client request ids claimed in Redis with {@code SET NX}: the first server to claim one starts the reply, the
 * others follow it. While Redis cannot be reached, each server guards only its own requests (and says so).
 */
@ApplicationScoped
@Typed(RedisRequestClaims.class)
public class RedisRequestClaims implements RequestClaims {

    private static final Logger LOG = Logger.getLogger(RedisRequestClaims.class.getName());

    @Inject
    Redis redis;

    @Inject
    @ConfigProperty(name = "chatstream.stream.retention", defaultValue = "PT2M")
    Duration retention;

    @Inject
    @ConfigProperty(name = "chatstream.model.request-timeout", defaultValue = "PT30M")
    Duration longestReply;

    @Override
    public Optional<UUID> claim(String key, UUID replyId) {
        String claim = keyOf(key);
        try {
            RedisCommands<String, String> commands = redis.commands().sync();
            for (int attempt = 0; attempt < 2; attempt++) { // the earlier claim may expire in between
                if ("OK".equals(commands.set(claim, replyId.toString(), SetArgs.Builder.nx().px(longestReply.plus(retention))))) {
                    return Optional.empty();
                }
                String earlier = commands.get(claim);
                if (earlier != null) {
                    return Optional.of(UUID.fromString(earlier));
                }
            }
            return Optional.empty();
        } catch (RedisException unreachable) {
            LOG.warning("Redis cannot be reached: a request sent to two servers at once may start two replies ("
                    + unreachable.getMessage() + ")");
            return Optional.empty();
        }
    }

    @Override
    public void release(String key) {
        redis.commands().async().del(keyOf(key));
    }

    @Override
    public void ended(String key) {
        redis.commands().async().pexpire(keyOf(key), retention);
    }

    /** The user's and the client's ids are free text: the key holds their digest. */
    private String keyOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return redis.key("request", HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
