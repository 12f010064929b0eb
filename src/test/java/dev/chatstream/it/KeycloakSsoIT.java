package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The single sign-on fixture itself: Keycloak's realms issue the tokens the other {@code *SsoIT} tests rely
 * on, a key rotation takes effect at once, and chatstream configured for the realm (MP-JWT) takes its
 * tokens. The key rotation comes last, as it changes the realm for everything after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakSsoIT {

    private static SsoServer sso;
    private static Keycloak keycloak;

    @BeforeAll
    static void start() {
        sso = SsoServer.get();
        keycloak = sso.keycloak();
    }

    @Test
    @Order(1)
    void alicesTokenCarriesIssuerAudienceTenantAndNoAdmin() {
        JsonNode claims = payload(sso.token("alice"));

        assertEquals(keycloak.issuer("chatstream"), claims.path("iss").asText());
        assertTrue(strings(claims.path("aud")).contains("chatstream"), claims.toString());
        assertEquals("alice", claims.path("preferred_username").asText());
        assertEquals("acme", claims.path("tenant_id").asText());
        assertFalse(strings(claims.path("groups")).contains("admin"), claims.toString());
        assertFalse(strings(claims.path("realm_access").path("roles")).contains("admin"), claims.toString());
        assertEquals(300, claims.path("exp").asLong() - claims.path("iat").asLong(), "accessTokenLifespan");
    }

    @Test
    @Order(2)
    void carolIsAdminByGroupAndRoleDaveByRoleOnly() {
        JsonNode carol = payload(sso.token("carol"));
        assertEquals(List.of("admin"), strings(carol.path("groups")), "group names, not paths");
        assertTrue(strings(carol.path("realm_access").path("roles")).contains("admin"), carol.toString());
        assertEquals("acme", carol.path("tenant_id").asText());

        JsonNode dave = payload(sso.token("dave"));
        assertFalse(strings(dave.path("groups")).contains("admin"), dave.toString());
        assertTrue(strings(dave.path("realm_access").path("roles")).contains("admin"), dave.toString());
    }

    @Test
    @Order(3)
    void theOtherRealmIssuesTokensOfItsOwn() {
        JsonNode mallory = payload(keycloak.passwordToken("other", "mallory", "mallory-password"));
        assertEquals(keycloak.issuer("other"), mallory.path("iss").asText());
        assertTrue(strings(mallory.path("aud")).contains("chatstream"), "the same audience: only issuer and key differ");
        assertEquals(List.of("admin"), strings(mallory.path("groups")));
    }

    @Test
    @Order(4)
    void theLoginPageAcceptsAnyLoopbackRedirectWithPkceAndNoOtherRedirect() {
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636's example
        String page = sso.url().toString();
        HttpResponse<String> login = get(authorize(page, challenge));
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("id=\"kc-form-login\""), "Keycloak's login form");
        assertEquals(200, get(authorize("http://localhost:41234/chat", challenge)).statusCode(), "any loopback port");

        assertEquals(400, get(authorize("http://evil.example/", challenge)).statusCode(), "no other redirect");
        HttpResponse<String> withoutPkce = get(authorize(page, null));
        assertEquals(302, withoutPkce.statusCode());
        assertTrue(withoutPkce.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"),
                "PKCE is required: " + withoutPkce.headers().map());
    }

    /**
     * What the chat page does in the browser, without one: Keycloak's login form, the code at the redirect
     * URI, the code exchanged with its PKCE verifier for an access token that the server takes.
     */
    @Test
    @Order(5)
    void theAuthorizationCodeFlowWithPkceEndsInATokenTheServerTakes() throws Exception {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(
                UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.US_ASCII)).substring(0, 64);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = sso.url() + "chat/";
        HttpClient browser = HttpClient.newHttpClient();

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize(redirect, challenge))).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(action.find(), page.body());
        // Keycloak marks its login cookies Secure even on http; browsers keep them on loopback (a secure
        // context), java.net's CookieManager would not send them back: they go back by hand here
        String cookies = page.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .collect(Collectors.joining("; "));
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password&credentialId="))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, loggedIn.statusCode(), loggedIn.body());
        String location = loggedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirect), location);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);

        HttpResponse<String> tokens = browser.send(HttpRequest.newBuilder(URI.create(keycloak.tokenUrl("chatstream")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", sso.url().toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + Keycloak.CLIENT_ID
                        + "&code=" + code.group(1) + "&code_verifier=" + verifier
                        + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals(sso.url().toString().replaceAll("/$", ""),
                tokens.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "the page may read the answer (CORS)");
        String token = Api.read(tokens.body()).path("access_token").asText();
        assertEquals("alice", payload(token).path("preferred_username").asText());
        HttpResponseAssert.status(200, sso.api().get("api/v1/sessions", token), "a token of the code flow");
    }

    private static String authorize(String redirectUri, String challenge) {
        return keycloak.issuer("chatstream") + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + Keycloak.CLIENT_ID
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + (challenge == null ? "" : "&code_challenge_method=S256&code_challenge=" + challenge);
    }

    private static HttpResponse<String> get(String url) {
        return sso.api().send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    @Test
    @Order(6)
    void theServerTakesAKeycloakTokenForTheApiAndAStream() {
        String token = sso.token("alice");
        Api api = sso.api();

        HttpResponseAssert.status(200, api.get("api/v1/sessions", token), "GET /api/v1/sessions with alice's Keycloak token");

        String marker = "sso-" + UUID.randomUUID();
        Upstream.get().script(marker, Script.reply("Signed ", "in.").interval(Duration.ofMillis(10)));
        StreamResult result = api.stream(token, Map.of("message", "Hello " + marker));
        assertEquals(200, result.status(), result.errorBody());
        assertEquals("start", result.events().get(0).type());
        assertEquals("done", result.last().type(), result.types().toString());
        assertEquals("Signed in.", result.content());
    }

    @Test
    @Order(7)
    void theServerRefusesATokenOfAnotherRealm() {
        String mallory = keycloak.passwordToken("other", "mallory", "mallory-password");
        HttpResponseAssert.status(401, sso.api().get("api/v1/sessions", mallory), "a token of realm other");
    }

    @Test
    @Order(8)
    void administratorsComeFromTheKeycloakGroupByDefault() {
        JsonNode asCarol = Api.expect(200, sso.api().get("api/v1/assistants", sso.token("carol")));
        assertTrue(asCarol.path("data").get(0).path("system_prompt").asText().startsWith("You are"),
                "carol is in group admin: she sees the prompts");
        JsonNode asDave = Api.expect(200, sso.api().get("api/v1/assistants", sso.token("dave")));
        JsonNode hidden = asDave.path("data").get(0).path("system_prompt");
        assertTrue(hidden.isMissingNode() || hidden.isNull(),
                "dave holds the realm role only, and the configured role source is the groups claim");
    }

    @Test
    @Order(8)
    void aUserRenamedInKeycloakKeepsTheirConversations() {
        Api api = sso.api();
        String id = Api.expect(201, api.post("api/v1/sessions", sso.token("dave"), "{\"topic\":\"before the rename\"}"))
                .path("id").asText();

        keycloak.renameUser(SsoServer.REALM, "dave", "david");
        String renamed = keycloak.passwordToken(SsoServer.REALM, "david", "dave-password");

        assertEquals("david", payload(renamed).path("preferred_username").asText());
        assertEquals("before the rename", Api.expect(200, api.get("api/v1/sessions/" + id, renamed)).path("topic").asText(),
                "the owner is the token's sub, which a rename does not change");
    }

    @Test
    @Order(8)
    void withAnIdentityProviderThereAreNoDevTokensAndThePageSignsInThere() {
        Api api = sso.api();
        HttpResponseAssert.status(404, api.post("api/v1/auth/dev-token", null, "{\"user\":\"mallory\"}"), "dev token");
        JsonNode config = Api.expect(200, api.get("api/v1/auth/config", null));
        assertEquals("oidc", config.path("mode").asText());
        assertEquals(keycloak.issuer(SsoServer.REALM), config.path("oidc").path("authority").asText());
        assertEquals(Keycloak.CLIENT_ID, config.path("oidc").path("client_id").asText());
    }

    @Test
    @Order(10)
    void aRotatedKeySignsTheNextTokensAndTheOldOneIsNoLongerPublished() {
        String before = kid(sso.token("alice"));
        assertTrue(keycloak.signingKids("chatstream").contains(before));

        String rotated = keycloak.rotateSigningKey("chatstream");

        assertNotEquals(before, rotated);
        String after = sso.token("alice");
        assertEquals(rotated, kid(after), "tokens issued after the rotation carry the new kid");
        Set<String> published = keycloak.signingKids("chatstream");
        assertEquals(Set.of(rotated), published, "the JWKS lists the new key only: the old one is disabled");
    }

    /** Runs after the rotation: the server finds the new key in the JWKS when a token names it. */
    @Test
    @Order(11)
    void theServerTakesATokenOfTheRotatedKeyWithoutARestart() throws InterruptedException {
        String token = sso.token("alice");
        assertTrue(keycloak.signingKids("chatstream").contains(kid(token)));
        // "within seconds": the server refetches the realm's keys for an unknown kid at most twice per
        // chatstream.auth.jwks.min-refresh-interval (5 s), so an earlier refetch may make it wait for the next window
        Eventually.eventually(Duration.ofSeconds(12), () -> sso.api().get("api/v1/sessions", token).statusCode() == 200,
                () -> "a token signed with the rotated key (kid " + kid(token) + "), without a restart of the server: "
                        + sso.api().get("api/v1/sessions", token).body());
    }

    /** The token's claims, decoded without verifying: Keycloak's own output is what is checked here. */
    static JsonNode payload(String jwt) {
        return Api.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static String kid(String jwt) {
        return Api.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8))
                .path("kid").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isTextual()) {
            values.add(array.asText());
        }
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A status check that shows what the server answered. */
    private static final class HttpResponseAssert {
        static void status(int expected, HttpResponse<String> response, String what) {
            assertEquals(expected, response.statusCode(), what + ": the server answered " + response.statusCode()
                    + " " + response.body() + " " + response.headers().map());
        }
    }
}
