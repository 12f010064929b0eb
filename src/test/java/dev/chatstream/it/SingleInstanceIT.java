package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Without {@code chatstream.redis.url} the server is a single instance and leaves Redis alone, even one on the
 * default port of the same machine.
 */
class SingleInstanceIT extends ServerIT {

    private static final int MACHINE_REDIS = 6379;

    /** After a chat, the machine's Redis has no connection named by chatstream and no key of chatstream's. */
    @Test
    void aChatDoesNotTouchTheMachinesRedis() {
        boolean watched = Redis.answers(MACHINE_REDIS);
        if (System.getenv("CI") != null) {
            assertTrue(watched, "CI's machine runs Redis at 127.0.0.1:" + MACHINE_REDIS);
        }
        assumeTrue(watched, "no Redis at 127.0.0.1:" + MACHINE_REDIS + " to watch");
        String token = api.token("single-" + UUID.randomUUID());

        StreamResult chat = api.stream(token, Map.of("message", "single " + UUID.randomUUID()));

        assertEquals("done", chat.last().type(), chat.types().toString());
        assertEquals(List.of(), Redis.clientNames(MACHINE_REDIS).stream().filter(name -> name.startsWith("chatstream")).toList());
        assertEquals(List.of(), Redis.keys(MACHINE_REDIS, "chatstream:*"));
        assertEquals(List.of(), Redis.keys(MACHINE_REDIS, "*" + chat.start().path("reply_id").asText() + "*"),
                "no key under another prefix names the reply");
    }
}
