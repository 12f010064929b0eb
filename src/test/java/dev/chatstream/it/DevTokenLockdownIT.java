package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The embedded default gives dev tokens — which name any user asked for — only to callers on the server's own
 * machine. Payara Micro under Arquillian listens on every interface, so this test can also come from the machine's
 * own network address, as a caller on the network would.
 */
class DevTokenLockdownIT extends ServerIT {

    @Test
    void aCallerFromTheNetworkGetsNoDevToken() throws Exception {
        URI network = URI.create(arquillianBase.toString());
        assertFalse(network.getHost().startsWith("127.") || network.getHost().equals("localhost"),
                "Arquillian named a network address: " + network);
        Api fromTheNetwork = new Api(arquillianBase);

        HttpResponse<String> refused = fromTheNetwork.post("api/v1/auth/dev-token", null, "{\"user\":\"mallory\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("forbidden", Api.read(refused.body()).path("error").path("code").asText());
        assertFalse(Api.read(fromTheNetwork.get("api/v1/auth/dev-token", null).body()).path("available").asBoolean(),
                "the page is told not to offer the dev sign-in");

        assertEquals(200, api.post("api/v1/auth/dev-token", null, "{\"user\":\"alice\"}").statusCode(), "loopback still works");
    }
}
