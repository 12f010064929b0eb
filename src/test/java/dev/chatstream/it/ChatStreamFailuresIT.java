package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatstream.testing.Script;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Everything that can go wrong: refused requests, failing models, and what is stored each time. */
@Tag("every-server")
class ChatStreamFailuresIT extends ServerIT {

    private static String marker() {
        return "f-" + UUID.randomUUID();
    }


    private static void assertJsonError(StreamResult result, int status, String code, String field) {
        assertEquals(status, result.status(), result.errorBody());
        var error = Api.read(result.errorBody()).path("error");
        assertEquals(code, error.path("code").asText(), result.errorBody());
        assertFalse(error.path("message").asText().isBlank());
        if (field != null) {
            assertEquals(field, error.path("field").asText(), result.errorBody());
        }
    }

    @Test
    void refusesRequestsWithoutAValidToken() throws Exception {
        assertJsonError(api.stream(null, Map.of("message", "hi")), 401, "unauthorized", null);

        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer("chatstream-dev").subject("mallory").claim("upn", "mallory")
                .claim("groups", List.of("user"))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        forged.sign(new RSASSASigner(keys.generateKeyPair().getPrivate()));
        assertJsonError(api.stream(forged.serialize(), Map.of("message", "hi")), 401, "unauthorized", null);
        assertJsonError(api.stream("not.a.token", Map.of("message", "hi")), 401, "unauthorized", null);
    }

    @Test
    void refusesInvalidInputNamingTheField() {
        String token = api.token("validation");
        assertJsonError(api.stream(token, Map.of()), 400, "invalid_request", "message");
        assertJsonError(api.stream(token, Map.of("message", "   ")), 400, "invalid_request", "message");
        assertJsonError(api.stream(token, Map.of("message", "x".repeat(32_001))), 413, "too_large", "message");
        assertJsonError(api.stream(token, Map.of("message", "hi", "assistant", "wizard")), 400, "invalid_request", "assistant");
        assertJsonError(api.stream(token, Map.of("message", "hi", "session_id", "nope")), 400, "invalid_request", "session_id");
        assertJsonError(api.stream(token, Map.of("message", "hi", "temperature", 2.5)), 400, "invalid_request", "temperature");
        assertJsonError(api.stream(token, Map.of("message", "hi", "max_tokens", 0)), 400, "invalid_request", "max_tokens");
        assertJsonError(api.stream(token, Map.of("message", "hi", "reasoning_effort", "extreme")), 400, "invalid_request", "reasoning_effort");
        assertJsonError(api.stream(token, Map.of("message", 42, "temperature", "hot")), 400, "invalid_request", null);

        HttpResponse<String> plain = api.send(api.request("api/v1/chat/stream", token)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build());
        assertEquals(415, plain.statusCode());
        assertEquals("unsupported_media_type", Api.read(plain.body()).path("error").path("code").asText());
        HttpResponse<String> wrongAccept = api.send(api.request("api/v1/chat/stream", token)
                .header("Content-Type", "application/json").header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}")).build());
        assertEquals(406, wrongAccept.statusCode());
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        String marker = marker();
        upstream.script(marker, Script.reply("mine"));
        StreamResult alice = api.stream(api.token("alice-" + marker), Map.of("message", marker));
        String session = alice.start().path("session_id").asText();

        StreamResult bob = api.stream(api.token("bob-" + marker), Map.of("message", "let me in", "session_id", session));
        StreamResult missing = api.stream(api.token("bob-" + marker),
                Map.of("message", "anyone?", "session_id", UUID.randomUUID().toString()));

        assertJsonError(bob, 404, "not_found", null);
        assertEquals(bob.errorBody(), missing.errorBody(), "never reveal whether the session exists");
        assertEquals(2, Db.messagesOf(UUID.fromString(session)).size(), "nothing was added to alice's session");
    }

    @Test
    void anUpstreamOutageBecomesAnErrorEventAndKeepsTheUsersMessage() {
        String marker = marker();
        upstream.script(marker, Script.error(503, "overloaded"));

        StreamResult result = api.stream(api.token("outage"), Map.of("message", marker));

        assertEquals(List.of("start", "error"), result.types().stream().filter(t -> !t.equals("topic")).toList());
        SseEvent error = result.last();
        assertEquals("error", error.type());
        assertEquals("upstream_unavailable", error.text("code"));
        assertTrue(error.data().path("retryable").asBoolean());
        List<String> models = upstream.requestsContaining(marker).stream().filter(r -> r.stream())
                .map(r -> r.body().path("model").asText()).toList();
        assertEquals(List.of("fake-model", "fake-model", "fake-model", "fallback-model"), models,
                "the opening was tried three times (two retries), then once on the fallback provider");
        UUID messageId = UUID.fromString(result.start().path("message_id").asText());
        UUID replyId = UUID.fromString(result.start().path("reply_id").asText());
        assertEquals(marker, Db.message(messageId).get("content"), "the user's message is never lost");
        assertEquals("FAILED", Db.message(replyId).get("status"));
        assertEquals("upstream_unavailable", Db.message(replyId).get("error_code"));
    }

    @Test
    void aRetriedOpeningSucceedsWithoutTheUserNoticing() {
        String marker = marker();
        upstream.script(marker, Script.failFirst(1, Script.error(500, "hiccup"), Script.reply("recovered")));
        String token = api.token("hiccup");

        StreamResult result = api.stream(token, api.inNamedSession(token, marker));

        assertEquals("done", result.last().type());
        assertEquals("recovered", result.content());
        assertTrue(result.ofType("error").isEmpty());
        assertEquals(2, upstream.requestsContaining(marker).stream().filter(r -> r.stream()).count(), "one retry");
    }

    @Test
    void theFallbackModelAnswersWhenThePrimaryCannotStart() {
        String marker = marker();
        upstream.script(marker, Script.failFirst(3, Script.error(502, "primary down"), Script.reply("from the ", "fallback")));
        String token = api.token("fallback");

        StreamResult result = api.stream(token, api.inNamedSession(token, marker));

        assertEquals("done", result.last().type(), result.types().toString());
        assertEquals("from the fallback", result.content());
        assertEquals("fallback-model", result.last().text("model"));
        assertEquals("fallback-model", Db.message(UUID.fromString(result.start().path("reply_id").asText())).get("model"));
    }

    @Test
    void aRateLimitIsReportedAsSuch() {
        String marker = marker();
        upstream.script(marker, Script.error(429, "slow down").header("Retry-After", "1"));

        SseEvent error = api.stream(api.token("limited"), Map.of("message", marker)).last();

        assertEquals("error", error.type());
        assertEquals("rate_limited", error.text("code"));
        assertTrue(error.data().path("retryable").asBoolean());
    }

    @Test
    void aRateLimitedOpeningWaitsAsLongAsTheProviderAsksBeforeTryingAgain() {
        String marker = marker();
        upstream.script(marker, Script.failFirst(1, Script.error(429, "wait").header("Retry-After", "2"), Script.reply("patience")));
        String token = api.token("patient");

        StreamResult result = api.stream(token, api.inNamedSession(token, marker));

        assertEquals("patience", result.content());
        List<dev.chatstream.testing.RecordedRequest> tries = upstream.requestsContaining(marker).stream().filter(r -> r.stream()).toList();
        assertEquals(2, tries.size());
        assertTrue(Duration.between(tries.get(0).receivedAt(), tries.get(1).receivedAt()).toMillis() >= 2000,
                "the retry came after Retry-After");
    }

    @Test
    void aRefusalByTheProviderIsNotRetried() {
        String marker = marker();
        upstream.script(marker, Script.error(400, "bad model"));

        SseEvent error = api.stream(api.token("refused"), Map.of("message", marker)).last();

        assertEquals("upstream_rejected", error.text("code"));
        assertFalse(error.data().path("retryable").asBoolean());
        assertEquals(1, upstream.requestsContaining(marker).stream().filter(r -> r.stream()).count());
    }

    @Test
    void aModelThatNeverStartsTimesOut() {
        String marker = marker();
        upstream.script(marker, Script.reply("too late").headersDelay(Duration.ofSeconds(30)));

        SseEvent error = api.stream(api.token("timeout"), Map.of("message", marker)).last();

        assertEquals("error", error.type());
        assertEquals("upstream_timeout", error.text("code"));
    }

    @Test
    void aStreamThatBreaksMidwayKeepsItsTextAsIncomplete() {
        String marker = marker();
        upstream.script(marker, Script.reply("partial ", "answer ", "never ", "finished").dropAfter(2));

        StreamResult result = api.stream(api.token("broken"), Map.of("message", marker));

        assertEquals("partial answer ", result.content());
        assertEquals("error", result.last().type());
        assertTrue(result.last().data().path("retryable").asBoolean());
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("INCOMPLETE", reply.get("status"));
        assertEquals("partial answer ", reply.get("content"));
    }

    @Test
    void aMalformedChunkEndsTheStreamWithAnError() {
        String marker = marker();
        upstream.script(marker, Script.reply("good ", "then ", "garbage").garbageAfter(1));

        StreamResult result = api.stream(api.token("garbage"), Map.of("message", marker));

        assertEquals("error", result.last().type());
        assertEquals("upstream_invalid_response", result.last().text("code"));
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("INCOMPLETE", reply.get("status"));
        assertEquals("good ", reply.get("content"));
    }

    @Test
    void aModelThatStallsMidwayIsCutOffByTheIdleTimeout() {
        String marker = marker();
        upstream.script(marker, Script.reply("started ", "then ", "silence").stallAfter(1));

        StreamResult result = api.stream(api.token("stall"), Map.of("message", marker));

        assertEquals("started ", result.content());
        assertEquals("error", result.last().type());
        assertEquals("upstream_timeout", result.last().text("code"));
    }
}
