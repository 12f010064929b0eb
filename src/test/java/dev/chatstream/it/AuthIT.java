package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, the same on every server: the API without a valid token is 401 with the JSON error body,
 * the public parts answer without one, and another user's data is 404, never 403 (which would tell it exists).
 */
@Tag("every-server")
class AuthIT extends ServerIT {

    private static final List<String> PROTECTED = List.of("api/v1/sessions", "api/v1/assistants", "api/v1/usage",
            "api/v1/sessions/" + UUID.randomUUID(), "api/v1/sessions/" + UUID.randomUUID() + "/messages");

    @Test
    void everyApiCallWithoutAValidTokenIs401WithTheJsonError() {
        String forged = api.token("forger-" + UUID.randomUUID());
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "c2lnbmF0dXJl"; // the same claims, another signature
        for (String path : PROTECTED) {
            for (String token : new String[] {null, "not-a-jwt", "a.b.c", forged}) {
                HttpResponse<String> response = api.get(path, token);
                assertEquals(401, response.statusCode(), path + " with " + token);
                assertEquals("unauthorized", Api.read(response.body()).path("error").path("code").asText(),
                        path + " with " + token + ": " + response.body());
            }
        }
        HttpResponse<String> stream = api.post("api/v1/chat/stream", "not-a-jwt", "{\"message\":\"hi\"}");
        assertEquals(401, stream.statusCode());
        assertEquals("unauthorized", Api.read(stream.body()).path("error").path("code").asText(), stream.body());
    }

    @Test
    void thePublicPartsNeedNoToken() {
        assertEquals(200, api.get("", null).statusCode(), "the chat page");
        assertEquals(200, api.get("metrics", null).statusCode());
        assertEquals(200, api.health("live").statusCode());
        assertTrue(api.token("anyone-" + UUID.randomUUID()).split("\\.").length == 3, "the embedded default's dev token");
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        String alice = api.token("alice-" + UUID.randomUUID());
        String mallory = api.token("mallory-" + UUID.randomUUID());
        String id = expect(201, api.post("api/v1/sessions", alice, "{\"topic\":\"mine\"}")).path("id").asText();

        for (HttpResponse<String> response : List.of(
                api.get("api/v1/sessions/" + id, mallory),
                api.get("api/v1/sessions/" + id + "/messages", mallory),
                api.patch("api/v1/sessions/" + id, mallory, "{\"topic\":\"theirs\"}"),
                api.delete("api/v1/sessions/" + id, mallory))) {
            JsonNode error = expect(404, response);
            assertEquals("not_found", error.path("error").path("code").asText(), response.body());
        }
        assertEquals("mine", expect(200, api.get("api/v1/sessions/" + id, alice)).path("topic").asText(), "untouched");
    }
}
