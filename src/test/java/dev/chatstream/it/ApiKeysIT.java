package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Personal API keys over HTTP, the same on every server: a key made with a JWT acts as its owner on the API and for a
 * whole stream, is listed without its text, is refused once revoked or expired, cannot manage keys, and is an
 * administrator's only when an administrator made it so; its text is in one response and in no line of the server's
 * output.
 */
@Tag("every-server")
class ApiKeysIT extends ServerIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private JsonNode create(String token, Map<String, Object> request) {
        return expect(201, api.post("api/v1/api-keys", token, Api.json(request)));
    }

    private static List<JsonNode> keys(JsonNode list) {
        return StreamSupport.stream(list.path("data").spliterator(), false).toList();
    }

    private static void assertRefused(HttpResponse<String> response, String what) {
        assertEquals(401, response.statusCode(), what + ": " + response.body());
        assertEquals("Bearer error=\"invalid_token\"", response.headers().firstValue("WWW-Authenticate").orElse(""), what);
        assertEquals("unauthorized", Api.read(response.body()).path("error").path("code").asText(), what);
    }

    @Test
    void aKeyActsAsItsOwnerOnTheApiAndForAWholeStream() {
        String token = api.token(unique("keys"));
        String sessionOfTheOwner = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"mine\"}")).path("id").asText();

        HttpResponse<String> response = api.post("api/v1/api-keys", token, "{\"name\":\"my editor\"}");
        JsonNode created = expect(201, response);
        String key = created.path("key").asText();
        assertTrue(key.matches("cs_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 11), created.path("prefix").asText());
        assertEquals("my editor", created.path("name").asText());
        assertFalse(created.path("admin").asBoolean());
        assertTrue(created.path("expires_at").isMissingNode(), "no expiry: " + created);
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/api-keys/" + created.path("id").asText()));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));

        List<String> sessions = StreamSupport.stream(expect(200, api.get("api/v1/sessions", key)).path("data").spliterator(), false)
                .map(session -> session.path("id").asText()).toList();
        assertEquals(List.of(sessionOfTheOwner), sessions, "the owner's sessions, seen with the key");

        StreamResult stream = api.stream(key, Map.of("message", "hello with a key", "session_id", sessionOfTheOwner));
        assertEquals("done", stream.last().type(), stream.types().toString());
        JsonNode history = expect(200, api.get("api/v1/sessions/" + sessionOfTheOwner + "/messages", token));
        assertEquals(2, history.path("data").size(), "the owner reads what was said with the key: " + history);
        assertEquals("hello with a key", history.path("data").get(0).path("content").asText());

        JsonNode listed = keys(expect(200, api.get("api/v1/api-keys", token))).get(0);
        assertTrue(listed.has("last_used_at"), "its use is recorded: " + listed);
        Instant lastUsed = Instant.parse(listed.path("last_used_at").asText());
        assertFalse(lastUsed.isBefore(Instant.parse(listed.path("created_at").asText())));
        expect(200, api.get("api/v1/sessions", key));
        assertEquals(lastUsed, Instant.parse(keys(expect(200, api.get("api/v1/api-keys", token))).get(0).path("last_used_at").asText()),
                "not written again within the minute");
    }

    @Test
    void theListShowsNameAndPrefixButNeverTheKeyOrItsDigest() {
        String token = api.token(unique("lister"));
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode first = create(token, Map.of("name", "ci"));
        JsonNode second = create(token, Map.of("name", "laptop 🔑", "expires_at", expiry.toString()));
        assertEquals(expiry, Instant.parse(second.path("expires_at").asText()));

        HttpResponse<String> response = api.get("api/v1/api-keys", token);
        List<JsonNode> listed = keys(expect(200, response));
        assertEquals(List.of(second.path("id").asText(), first.path("id").asText()),
                listed.stream().map(key -> key.path("id").asText()).toList(), "newest first");
        assertEquals(List.of("laptop 🔑", "ci"), listed.stream().map(key -> key.path("name").asText()).toList());
        assertEquals(second.path("prefix").asText(), listed.get(0).path("prefix").asText());
        assertEquals(expiry, Instant.parse(listed.get(0).path("expires_at").asText()));
        assertTrue(listed.get(0).has("created_at"));
        Set<String> shown = Set.of("id", "name", "prefix", "admin", "created_at", "last_used_at", "expires_at");
        for (JsonNode key : listed) {
            key.fieldNames().forEachRemaining(field -> assertTrue(shown.contains(field), field + " in " + key));
        }
        for (String key : List.of(first.path("key").asText(), second.path("key").asText())) {
            assertFalse(response.body().contains(key), "the list never holds a key");
            assertFalse(response.body().contains(key.substring(11)), "nor more of it than the prefix");
        }
        Map<String, Object> stored = Db.query("SELECT * FROM api_key WHERE id = ?", UUID.fromString(first.path("id").asText())).get(0);
        assertFalse(stored.values().stream().anyMatch(value -> String.valueOf(value).contains(first.path("key").asText().substring(11))),
                "the database holds no more of the key than its prefix: " + stored);
        assertEquals(64, String.valueOf(stored.get("key_hash")).length());
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        String token = api.token(unique("revoker"));
        JsonNode created = create(token, Map.of("name", "to revoke"));
        String key = created.path("key").asText();
        expect(200, api.get("api/v1/sessions", key));

        expect(204, api.delete("api/v1/api-keys/" + created.path("id").asText(), token));
        assertRefused(api.get("api/v1/sessions", key), "a revoked key");
        assertRefused(api.post("api/v1/chat/stream", key, "{\"message\":\"hi\"}"), "a revoked key on the stream");
        assertEquals(List.of(), keys(expect(200, api.get("api/v1/api-keys", token))));
        expect(404, api.delete("api/v1/api-keys/" + created.path("id").asText(), token));
    }

    @Test
    void anExpiredKeyIsRefused() {
        String token = api.token(unique("expiring"));
        JsonNode created = create(token, Map.of("name", "short-lived", "expires_at", Instant.now().plusSeconds(3600).toString()));
        String key = created.path("key").asText();
        expect(200, api.get("api/v1/sessions", key));

        // an expiry an hour away would take an hour: the stored one is moved into the past instead
        assertEquals(1, Db.update("UPDATE api_key SET expires_at = ? WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), UUID.fromString(created.path("id").asText())));
        assertRefused(api.get("api/v1/sessions", key), "an expired key");
        assertTrue(Instant.parse(keys(expect(200, api.get("api/v1/api-keys", token))).get(0).path("expires_at").asText())
                .isBefore(Instant.now()), "an expired key stays listed until it is revoked");
    }

    @Test
    void unknownAndMalformedKeysAreRefusedLikeABadToken() {
        String token = api.token(unique("owner"));
        String key = create(token, Map.of("name", "real")).path("key").asText();
        String changed = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        for (String refused : List.of(changed, "cs_", "cs_" + "A".repeat(43), key + "x")) {
            assertRefused(api.get("api/v1/sessions", refused), refused.length() > 11 ? refused.substring(0, 11) : refused);
        }
    }

    @Test
    void theRequestIsCheckedAndNamesTheField() {
        String token = api.token(unique("checked"));
        Map<String, Map<String, Object>> wrong = Map.of(
                "name", Map.of("expires_at", Instant.now().plusSeconds(60).toString()),
                "name ", Map.of("name", "   "),
                "name  ", Map.of("name", "x".repeat(65)),
                "expires_at", Map.of("name", "x", "expires_at", "tomorrow"),
                "expires_at ", Map.of("name", "x", "expires_at", Instant.now().minusSeconds(60).toString()));
        for (Map.Entry<String, Map<String, Object>> each : wrong.entrySet()) {
            JsonNode error = expect(400, api.post("api/v1/api-keys", token, Api.json(each.getValue()))).path("error");
            assertEquals("invalid_request", error.path("code").asText(), each.getValue().toString());
            assertEquals(each.getKey().strip(), error.path("field").asText(), each.getValue() + ": " + error);
        }
        assertEquals(List.of(), keys(expect(200, api.get("api/v1/api-keys", token))));
    }

    @Test
    void anotherUsersKeyIsNotFound() {
        String alice = api.token(unique("alice"));
        String mallory = api.token(unique("mallory"));
        JsonNode created = create(alice, Map.of("name", "alice's"));

        JsonNode error = expect(404, api.delete("api/v1/api-keys/" + created.path("id").asText(), mallory));
        assertEquals("not_found", error.path("error").path("code").asText());
        expect(404, api.delete("api/v1/api-keys/not-an-id", mallory));
        assertEquals(List.of(), keys(expect(200, api.get("api/v1/api-keys", mallory))));
        expect(200, api.get("api/v1/sessions", created.path("key").asText()));
    }

    @Test
    void aKeyCannotManageKeys() {
        String token = api.token(unique("manager"));
        JsonNode created = create(token, Map.of("name", "no keys for keys"));
        String key = created.path("key").asText();
        for (HttpResponse<String> response : List.of(
                api.post("api/v1/api-keys", key, "{\"name\":\"another\"}"),
                api.get("api/v1/api-keys", key),
                api.delete("api/v1/api-keys/" + created.path("id").asText(), key))) {
            JsonNode error = expect(403, response).path("error");
            assertEquals("forbidden", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("API keys cannot"), error.toString());
        }
        assertEquals(1, keys(expect(200, api.get("api/v1/api-keys", token))).size(), "nothing changed");
    }

    @Test
    void anAdministratorsKeyOnlyWhenAnAdministratorAsksForIt() {
        String user = api.token(unique("user"));
        JsonNode error = expect(403, api.post("api/v1/api-keys", user, "{\"name\":\"root\",\"admin\":true}")).path("error");
        assertEquals("admin", error.path("field").asText(), error.toString());

        String admin = api.token(Map.of("user", unique("admin"), "admin", true));
        String adminKey = create(admin, Map.of("name", "ops", "admin", true)).path("key").asText();
        String plainKey = create(admin, Map.of("name", "plain")).path("key").asText();
        JsonNode asAdmin = expect(200, api.get("api/v1/assistants", adminKey));
        assertTrue(asAdmin.path("data").get(0).has("system_prompt"), "the admin scope: " + asAdmin);
        JsonNode asUser = expect(200, api.get("api/v1/assistants", plainKey));
        assertFalse(asUser.path("data").get(0).has("system_prompt"), "an administrator's key without the scope: " + asUser);
        assertTrue(keys(expect(200, api.get("api/v1/api-keys", admin))).stream()
                .anyMatch(key -> key.path("name").asText().equals("ops") && key.path("admin").asBoolean()));
    }

    @Test
    void aKeyOfAnotherTenantSeesOnlyItsTenant() {
        String subject = unique("same-name");
        String acme = api.token(Map.of("user", subject, "tenant", "acme"));
        String globex = api.token(Map.of("user", subject, "tenant", "globex"));
        expect(201, api.post("api/v1/sessions", acme, "{\"topic\":\"acme's\"}"));
        String globexKey = create(globex, Map.of("name", "globex")).path("key").asText();
        assertEquals(0, expect(200, api.get("api/v1/sessions", globexKey)).path("data").size(), "the key's tenant only");
    }

    /**
     * The key's text appears in exactly one response and in no line the server writes, whatever happens with it: a
     * stream, a logged failure (the title request fails, which the server logs), a revocation, refusals.
     */
    @Test
    void aKeyIsNeverWrittenToTheServersOutput() throws Exception {
        String token = api.token(unique("quiet"));
        String marker = unique("logged");
        upstream.scriptCompletions(marker, Script.error(400, "no title for " + marker));
        String key;
        String text;
        String source;
        try (ServerOutput output = ServerOutput.watch()) {
            JsonNode created = create(token, Map.of("name", "secret"));
            key = created.path("key").asText();
            StreamResult stream = api.stream(key, Map.of("message", marker));
            assertEquals("done", stream.last().type(), stream.types().toString());
            expect(200, api.get("api/v1/api-keys", token));
            api.get("api/v1/api-keys", key);
            expect(204, api.delete("api/v1/api-keys/" + created.path("id").asText(), token));
            assertRefused(api.get("api/v1/sessions", key), "revoked");
            Eventually.eventually(Duration.ofSeconds(15), () -> output.text().contains("Topic generation failed"),
                    () -> "the server's output is watched: the failed title is logged in " + output.source());
            TimeUnit.MILLISECONDS.sleep(500); // whatever else the server had to say
            text = output.text();
            source = output.source();
        }
        assertFalse(text.contains(key), "the key is in " + source);
        assertFalse(text.contains(key.substring(11)), "no part of the key beyond its prefix is in " + source);
        assertNotEquals(-1, text.indexOf("Topic generation failed"));
    }
}
