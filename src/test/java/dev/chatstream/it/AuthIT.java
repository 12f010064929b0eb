package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
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

    /**
     * The refusal matrix over HTTP, with tokens signed by the key this server trusts (the embedded default's dev
     * key, in the suite's data folder): each is 401 with the JSON error and an RFC 6750 challenge, never a 500.
     */
    @Test
    void aTokenThatDoesNotVerifyIsRefusedWithTheBearerChallenge() throws Exception {
        RSAKey trusted = devKey();
        Instant now = Instant.now();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", sign(trusted, claims -> claims.expirationTime(Date.from(now.minusSeconds(120)))));
        refused.put("not yet valid", sign(trusted, claims -> claims.notBeforeTime(Date.from(now.plusSeconds(600)))));
        refused.put("another issuer", sign(trusted, claims -> claims.issuer("https://elsewhere.example")));
        refused.put("no subject", sign(trusted, claims -> claims.subject(null)));
        refused.put("alg none", new PlainJWT(claims(claims -> { })).serialize());
        refused.put("HS256 keyed with the public key", hmacWithPublicKey(trusted));
        refused.put("another key", sign(new RSAKeyGenerator(2048).generate(), claims -> { }));
        refused.put("garbage", "not-a-jwt");
        refused.put("not a bearer token", null);

        for (Map.Entry<String, String> each : refused.entrySet()) {
            HttpResponse<String> response = each.getValue() == null
                    ? api.send(api.request("api/v1/sessions", null).header("Authorization", "Basic YTpi").GET().build())
                    : api.get("api/v1/sessions", each.getValue());
            assertEquals(401, response.statusCode(), each.getKey() + ": " + response.body());
            assertEquals("Bearer error=\"invalid_token\"", response.headers().firstValue("WWW-Authenticate").orElse(""),
                    each.getKey());
            assertEquals("unauthorized", Api.read(response.body()).path("error").path("code").asText(), each.getKey());
        }
        HttpResponse<String> valid = api.get("api/v1/sessions", sign(trusted, claims -> { }));
        assertEquals(200, valid.statusCode(), "the same key and claims, untampered: " + valid.body());
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

    private static RSAKey devKey() throws Exception {
        String pem = Files.readString(Path.of(System.getProperty("it.data.dir"), "dev-jwt-private.pem"));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new RSAKey.Builder(publicKey).privateKey(key).build();
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> changes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("chatstream-dev").subject("matrix-" + UUID.randomUUID())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        changes.accept(claims);
        return claims.build();
    }

    private static String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> changes) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims(changes));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String hmacWithPublicKey(RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(claims -> { }));
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }
}
