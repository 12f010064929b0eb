package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.FakeUpstream;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several named providers (it.server.options): {@code local} (kind local), {@code cloud-a} (falls back to
 * {@code cloud-b}), {@code cloud-b}, {@code flaky} (a circuit that opens after two failures, falls back to
 * {@code local}) and {@code default}/{@code fallback} from the OPENAI_* and chatstream.fallback.* settings; each a
 * fake upstream of its own over real HTTP. Routing, guard rails, fallback and circuits, as a client sees them.
 */
@Tag("every-server")
class ProvidersIT extends ServerIT {

    FakeUpstream local;
    FakeUpstream cloudA;
    FakeUpstream cloudB;

    @BeforeEach
    void upstreams() {
        local = Upstream.local();
        cloudA = Upstream.cloudA();
        cloudB = Upstream.cloudB();
    }

    private static String marker() {
        return "p-" + UUID.randomUUID();
    }

    private static Map<String, Object> ask(String message, Object... fields) {
        Map<String, Object> body = new HashMap<>(Map.of("message", message));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    private static List<String> modelsAsked(FakeUpstream upstream, String marker) {
        return upstream.requestsContaining(marker).stream().filter(RecordedRequest::stream).map(RecordedRequest::model)
                .toList();
    }

    /** Streams {@code body}; asserts it was answered by {@code provider}'s {@code model} alone, start to storage. */
    private StreamResult answeredBy(String provider, String model, FakeUpstream upstream, String marker,
                                    Map<String, Object> body) {
        StreamResult result = api.stream(api.token("route-" + marker), body);
        assertEquals("done", result.last().type(), result.types().toString());
        assertEquals(provider, result.start().path("provider").asText(), "start: " + result.start());
        assertEquals(model, result.start().path("model").asText());
        assertEquals(provider, result.last().text("provider"), "done says who answered");
        assertEquals(model, result.last().text("model"));
        assertTrue(result.ofType("provider_changed").isEmpty());
        assertEquals(List.of(model), modelsAsked(upstream, marker), "asked once, of this provider's upstream");
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals(provider, reply.get("provider"));
        assertEquals(model, reply.get("model"));
        return result;
    }

    @Test
    void routesByTheRequestTheAssistantAndTheRule() {
        String m = marker();
        answeredBy("local", "local-small", local, m + "1", ask(m + "1", "model_type", "local"));
        answeredBy("cloud-a", "cloud-a-big", cloudA, m + "2", ask(m + "2", "model_type", "cloud"));
        answeredBy("local", "local-small", local, m + "3", ask(m + "3", "model_type", "auto"));
        String longPrompt = m + "4 " + "many words make a long prompt ".repeat(20);
        answeredBy("cloud-a", "cloud-a-big", cloudA, m + "4", ask(longPrompt, "model_type", "auto"));
        answeredBy("cloud-b", "cloud-b-main", cloudB, m + "5", ask(m + "5", "provider", "cloud-b"));
        answeredBy("local", "local-large", local, m + "6", ask(m + "6", "model", "local-large"));
        answeredBy("cloud-b", "cloud-a-mini", cloudB, m + "7", ask(m + "7", "provider", "cloud-b", "model", "cloud-a-mini"));
        answeredBy("cloud-b", "cloud-b-main", cloudB, m + "8", ask(m + "8", "assistant", "pinned"));
        answeredBy("cloud-a", "cloud-a-big", cloudA, m + "9", ask(m + "9", "assistant", "clouded"));
        answeredBy("default", "fake-model", upstream, m + "10", ask(m + "10"));
    }

    @Test
    void thePreferredModelIsTriedFirstWhenItIsOffered() {
        String m = marker();
        answeredBy("cloud-b", "cloud-b-main", cloudB, m + "1",
                ask(m + "1", "model_type", "cloud", "preferred_model", "cloud-b-main"));
        answeredBy("local", "local-large", local, m + "2",
                ask(m + "2", "model_type", "auto", "preferred_model", "local-large"));
        answeredBy("local", "local-small", local, m + "3",
                ask(m + "3", "model_type", "local", "preferred_model", "cloud-b-main"));
    }

    @Test
    void theNonStreamingEndpointSaysWhichProviderAnswered() {
        String m = marker();
        JsonNode reply = expect(200, api.post("api/v1/chat", api.token("plain-" + m),
                Api.json(ask(m, "model_type", "local", "preferred_model", "local-large"))));
        assertEquals("local", reply.path("provider").asText(), reply.toString());
        assertEquals("local-large", reply.path("model").asText());
        assertEquals(List.of("local-large"), modelsAsked(local, m));
    }

    @Test
    void refusesProvidersAndModelsThatAreNotConfiguredBeforeAnythingIsStored() {
        String m = marker();
        String token = api.token("guard-" + m);
        refused(api.stream(token, ask(m, "provider", "http://attacker.example/v1")), "unknown_provider", "provider");
        refused(api.stream(token, ask(m, "provider", "cloud-a", "model", "o1-pro")), "model_not_allowed", "model");
        refused(api.stream(token, ask(m, "provider", "local", "model", "cloud-a-big")), "model_not_allowed", "model");
        refused(api.stream(token, ask(m, "model", "cloud-a-big", "model_type", "local")), "model_not_allowed", "model");
        refused(api.stream(token, ask(m, "model_type", "edge")), "invalid_request", "model_type");
        refused(api.stream(token, ask(m, "provider", "local", "model_type", "cloud")), "invalid_request", "model_type");
        HttpResponse<String> messages = api.post("api/v1/chat/messages", token, Api.json(ask(m, "provider", "nope")));
        assertEquals(400, messages.statusCode());
        assertEquals("unknown_provider", Api.read(messages.body()).path("error").path("code").asText());
        HttpResponse<String> plain = api.post("api/v1/chat", token, Api.json(ask(m, "model", "o1-pro", "provider", "cloud-b")));
        assertEquals(400, plain.statusCode());
        assertEquals("model_not_allowed", Api.read(plain.body()).path("error").path("code").asText());
        for (FakeUpstream any : List.of(upstream, local, cloudA, cloudB)) {
            assertEquals(List.of(), any.requestsContaining(m), "no upstream was called");
        }
        JsonNode sessions = expect(200, api.get("api/v1/sessions", token));
        assertEquals(0, sessions.path("data").size(), "nothing stored: " + sessions);
    }

    private static void refused(StreamResult result, String code, String field) {
        assertEquals(400, result.status(), result.errorBody());
        JsonNode error = Api.read(result.errorBody()).path("error");
        assertEquals(code, error.path("code").asText(), result.errorBody());
        assertEquals(field, error.path("field").asText(), result.errorBody());
    }

    @Test
    void listsWhatACallerMayPickWithoutKeysOrAddresses() {
        assertEquals(401, api.get("api/v1/models", null).statusCode());
        HttpResponse<String> response = api.get("api/v1/models", api.token("lister"));
        JsonNode models = expect(200, response);
        assertEquals("default", models.path("default_provider").asText());
        Map<String, JsonNode> byModel = new HashMap<>();
        models.path("data").forEach(entry -> byModel.put(entry.path("provider").asText() + "/" + entry.path("model").asText(), entry));
        assertTrue(byModel.keySet().containsAll(List.of("local/local-small", "local/local-large", "cloud-a/cloud-a-big",
                "cloud-a/cloud-a-mini", "cloud-b/cloud-b-main", "default/fake-model", "fallback/fallback-model")),
                byModel.keySet().toString());
        assertEquals("local", byModel.get("local/local-small").path("kind").asText());
        assertFalse(byModel.get("local/local-small").path("supports_images").asBoolean());
        assertEquals("cloud", byModel.get("cloud-a/cloud-a-big").path("kind").asText());
        assertTrue(byModel.get("cloud-a/cloud-a-big").path("supports_images").asBoolean());
        assertTrue(byModel.get("default/fake-model").path("is_default").asBoolean());
        assertFalse(response.body().contains("key-a") || response.body().contains("127.0.0.1")
                || response.body().contains("http"), "no keys, no addresses: " + response.body());
    }

    @Test
    void aProviderThatCannotStartFallsBackToTheNextAndSaysSo() {
        String m = marker();
        cloudA.script(m, Script.error(503, "cloud-a is down"));
        cloudB.script(m, Script.reply("from ", "cloud-b"));

        StreamResult result = api.stream(api.token("failover-" + m), ask(m, "provider", "cloud-a", "model", "cloud-a-mini"));

        assertEquals(List.of("start", "provider_changed", "content", "content", "done"),
                result.types().stream().filter(type -> !type.equals("topic")).toList());
        assertEquals("cloud-a", result.start().path("provider").asText());
        SseEvent changed = result.ofType("provider_changed").getFirst();
        assertEquals("cloud-b", changed.text("provider"));
        assertEquals("cloud-a-mini", changed.text("model"), "cloud-b offers the same model");
        assertEquals("cloud-a", changed.text("previous_provider"));
        assertEquals("upstream_unavailable", changed.text("reason"));
        assertEquals("from cloud-b", result.content());
        assertEquals("cloud-b", result.last().text("provider"));
        assertEquals(List.of("cloud-a-mini", "cloud-a-mini", "cloud-a-mini"), modelsAsked(cloudA, m),
                "the chosen provider is retried first");
        assertEquals(List.of("cloud-a-mini"), modelsAsked(cloudB, m));
        assertEquals("cloud-b", Db.message(UUID.fromString(result.start().path("reply_id").asText())).get("provider"));
    }

    @Test
    void aRateLimitAlsoFallsBackAndADifferentModelIsAnnounced() {
        String m = marker();
        cloudA.script(m, Script.error(429, "slow down"));

        StreamResult result = api.stream(api.token("limited-" + m), ask(m, "provider", "cloud-a"));

        assertEquals("done", result.last().type(), result.types().toString());
        SseEvent changed = result.ofType("provider_changed").getFirst();
        assertEquals("cloud-b-main", changed.text("model"), "cloud-b does not offer cloud-a-big: its default model");
        assertEquals("rate_limited", changed.text("reason"));
        assertEquals("cloud-b-main", result.last().text("model"));
    }

    @Test
    void aProviderThatBreaksAfterItsFirstTextEndsTheReplyWithoutSwitching() {
        String m = marker();
        cloudA.script(m, Script.reply("partial ", "answer ", "never ", "finished").dropAfter(2));

        StreamResult result = api.stream(api.token("midway-" + m), ask(m, "provider", "cloud-a"));

        assertEquals("error", result.last().type(), result.types().toString());
        assertEquals("partial answer ", result.content());
        assertTrue(result.ofType("provider_changed").isEmpty(), "never switched after text was streamed");
        assertEquals(List.of(), modelsAsked(cloudB, m), "the fallback was not asked");
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("INCOMPLETE", reply.get("status"));
        assertEquals("cloud-a", reply.get("provider"));
    }

    @Test
    void aBrokenProvidersCircuitOpensWhileTheOthersKeepServing() {
        String m = marker();
        cloudB.script(m + "-broken", Script.error(503, "flaky is down")); // flaky shares cloud-b's upstream

        StreamResult first = api.stream(api.token("flaky-" + m), ask(m + "-broken", "provider", "flaky"));

        assertEquals("done", first.last().type(), first.types().toString());
        assertEquals("local", first.last().text("provider"), "flaky's fallback answered");
        assertEquals(List.of("flaky-model", "flaky-model"), modelsAsked(cloudB, m + "-broken"),
                "two failures open the circuit (request-volume 2, ratio 1): the third attempt is not made");

        JsonNode providers = providerHealth();
        assertEquals("open", providers.path("data").path("flaky").asText(), providers.toString());
        assertEquals("closed", providers.path("data").path("cloud-b").asText());
        assertEquals("UP", providers.path("status").asText(), "the others still serve");
        assertEquals(1.0, api.metric("chatstream_provider_circuit_open", "provider=\"flaky\""));
        assertEquals(0.0, api.metric("chatstream_provider_circuit_open", "provider=\"cloud-b\""));

        cloudB.script(m + "-again", Script.error(503, "flaky is down"));
        StreamResult second = api.stream(api.token("flaky-" + m), ask(m + "-again", "provider", "flaky"));
        assertEquals("local", second.last().text("provider"));
        assertEquals(List.of(), modelsAsked(cloudB, m + "-again"), "an open circuit is not even tried");
        assertTrue(api.metric("chatstream_provider_openings_total", "provider=\"flaky\"", "outcome=\"circuit_open\"") >= 2);

        String other = marker();
        answeredBy("cloud-b", "cloud-b-main", cloudB, other, ask(other, "provider", "cloud-b"));
    }

    private JsonNode providerHealth() {
        JsonNode ready = Api.read(api.health("ready").body());
        for (JsonNode check : ready.path("checks")) {
            if (check.path("name").asText().equals("model-providers")) {
                return check;
            }
        }
        throw new AssertionError("no model-providers check in " + ready);
    }
}
