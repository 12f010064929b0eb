package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What operators and load balancers read: MicroProfile Health checks and chatstream's own metrics. */
@Tag("every-server")
class OperationsIT extends ServerIT {

    @Test
    void readyWhileTheDatabaseAnswersAndNoProviderCircuitIsOpen() {
        JsonNode ready = expect(200, api.health("ready"));

        assertEquals("UP", ready.path("status").asText());
        assertEquals("UP", check(ready, "database").path("status").asText());
        JsonNode providers = check(ready, "model-providers");
        assertEquals("UP", providers.path("status").asText());
        assertEquals("closed", providers.path("data").path("default").asText());
        assertEquals("closed", providers.path("data").path("fallback").asText(), "the suite configures a fallback");
    }

    @Test
    void aliveWhileTheBackgroundTimerTicks() {
        JsonNode live = expect(200, api.health("live"));

        assertEquals("UP", check(live, "background-timer").path("status").asText());
    }

    @Test
    void metricsCountRepliesTokensAndUpstreamErrors() {
        String token = api.token("metrics-" + UUID.randomUUID());
        double replies = api.metric("chatstream_replies_total");
        double tokens = api.metric("chatstream_tokens_relayed_total");
        double rejected = api.metric("chatstream_upstream_errors_total", "code=\"upstream_rejected\"");
        String counted = "counted-" + UUID.randomUUID();
        upstream.script(counted, Script.reply("one", " two").usage(5, 7));
        String refused = "refused-" + UUID.randomUUID();
        upstream.script(refused, Script.error(400, "bad request"));

        assertEquals("done", api.stream(token, Map.of("message", counted)).last().type());
        assertEquals("error", api.stream(token, Map.of("message", refused)).last().type());

        assertTrue(api.metric("chatstream_replies_total") >= replies + 2, "both replies counted");
        assertTrue(api.metric("chatstream_tokens_relayed_total") >= tokens + 7, "the provider's completion tokens");
        assertTrue(api.metric("chatstream_upstream_errors_total", "code=\"upstream_rejected\"") >= rejected + 1);
        assertTrue(api.metric("chatstream_first_token_seconds_count") >= 1);
        double slowestFirstToken = api.metric("chatstream_first_token_seconds_max");
        assertTrue(slowestFirstToken > 0 && slowestFirstToken < 60, "in seconds, not nanoseconds: " + slowestFirstToken);
        assertTrue(api.metrics().contains("chatstream_generations_active"));
        assertTrue(api.metrics().contains("chatstream_generations_kept"));
        for (String provider : new String[] {"default", "fallback", "local", "cloud-a", "cloud-b"}) {
            for (String state : new String[] {"busy", "idle"}) {
                assertTrue(api.sample("chatstream_upstream_connections", "provider=\"" + provider + "\"", "state=\"" + state + "\"")
                        .isPresent(), provider + " connections " + state);
            }
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }
}
