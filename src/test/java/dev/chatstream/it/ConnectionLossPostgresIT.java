package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL drops every connection of the server while a reply is being generated (as in a database
 * restart): the pool notices, the reply is still saved, and later requests work without a server restart.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionLossPostgresIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.built();
    }

    @ArquillianResource
    URL base;

    private static int terminateServerConnections() {
        return Db.query("SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity "
                + "WHERE application_name = current_setting('application_name') AND pid <> pg_backend_pid()").size();
    }

    @Test
    void theServerRecoversFromLostConnectionsAndSavesTheReplyInFlight() throws Exception {
        Api api = new Api(TargetServer.loopback(base));
        String token = api.token("pg-loss");
        String marker = "pg-" + UUID.randomUUID();
        Upstream.get().script(marker, Script.reply("still ", "saved ", "after ", "the ", "database ", "dropped ", "us")
                .interval(Duration.ofMillis(150)));

        CompletableFuture<StreamResult> streaming = CompletableFuture.supplyAsync(() -> api.stream(token, Map.of("message", marker)));
        Upstream.get().requestReceived(marker).get(30, TimeUnit.SECONDS);
        int terminated = terminateServerConnections();
        StreamResult result = streaming.get(60, TimeUnit.SECONDS);

        assertTrue(terminated > 0, "the server's pooled connections were terminated mid-stream");
        assertEquals("done", result.last().type(), result.types().toString());
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("COMPLETE", reply.get("status"));
        assertEquals("still saved after the database dropped us", reply.get("content"));

        terminateServerConnections();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("api/v1/sessions", token).statusCode(), "no server restart needed");
        }
        List<Map<String, Object>> sessions = Db.query("SELECT id FROM chat_session WHERE owner_subject = 'pg-loss'");
        assertEquals(1, sessions.size());
    }
}
