package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What operators and load balancers read: MicroProfile Health checks and chatstream's own metrics. */
class OperationsIT extends ServerIT {

    @Test
    void readyWhileTheDatabaseAnswersAndNoProviderCircuitIsOpen() {
        JsonNode ready = expect(200, api.get("/health/ready", null));

        assertEquals("UP", ready.path("status").asText());
        assertEquals("UP", check(ready, "database").path("status").asText());
        JsonNode providers = check(ready, "model-providers");
        assertEquals("UP", providers.path("status").asText());
        assertEquals("closed", providers.path("data").path("primary").asText());
        assertEquals("closed", providers.path("data").path("fallback").asText(), "the suite configures a fallback");
    }

    @Test
    void aliveWhileTheBackgroundTimerTicks() {
        JsonNode live = expect(200, api.get("/health/live", null));

        assertEquals("UP", check(live, "background-timer").path("status").asText());
    }

    @Test
    void metricsCountRepliesTokensAndUpstreamErrors() {
        String token = api.token("metrics-" + UUID.randomUUID());
        double replies = metric("chatstream_replies_total");
        double tokens = metric("chatstream_tokens_relayed_total");
        double rejected = metric("chatstream_upstream_errors_total{code=\"upstream_rejected\"");
        String counted = "counted-" + UUID.randomUUID();
        upstream.script(counted, Script.reply("one", " two").usage(5, 7));
        String refused = "refused-" + UUID.randomUUID();
        upstream.script(refused, Script.error(400, "bad request"));

        assertEquals("done", api.stream(token, Map.of("message", counted)).last().type());
        assertEquals("error", api.stream(token, Map.of("message", refused)).last().type());

        assertTrue(metric("chatstream_replies_total") >= replies + 2, "both replies counted");
        assertTrue(metric("chatstream_tokens_relayed_total") >= tokens + 7, "the provider's completion tokens");
        assertTrue(metric("chatstream_upstream_errors_total{code=\"upstream_rejected\"") >= rejected + 1);
        assertTrue(metric("chatstream_first_token_seconds_count") >= 1);
        double slowestFirstToken = metric("chatstream_first_token_seconds_max");
        assertTrue(slowestFirstToken > 0 && slowestFirstToken < 60, "in seconds, not nanoseconds: " + slowestFirstToken);
        assertTrue(metrics().contains("chatstream_generations_active"));
        assertTrue(metrics().contains("chatstream_generations_kept"));
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }

    private String metrics() {
        var response = api.get("/metrics?scope=application", null);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of the first sample whose name (and labels, if given) start with {@code prefix}; 0 if none. */
    private double metric(String prefix) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(prefix) + "[^ ]* ([0-9.Ee+-]+)$", Pattern.MULTILINE)
                .matcher(metrics());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
