package dev.chatstream.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.chatstream.auth.entity.Caller;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security matrix of bearer tokens, against an issuer whose JWK set is served over real HTTP on loopback and
 * real RSA keys: what is accepted, what is refused and why, and how the key set is refetched as the issuer rotates
 * keys — without a refetch storm from forged tokens and without losing cached keys while the issuer is down.
 */
class TokenVerifierTest {

    private static final String ISSUER = "https://idp.example/realms/acme";
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static RSAKey first;
    private static RSAKey second;
    private static RSAKey stranger;

    private HttpServer issuer;
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failedFetches = new AtomicInteger();
    private volatile boolean down;

    @BeforeAll
    static void keys() throws JOSEException {
        first = new RSAKeyGenerator(2048).keyID("first").keyUse(KeyUse.SIGNATURE).generate();
        second = new RSAKeyGenerator(2048).keyID("second").keyUse(KeyUse.SIGNATURE).generate();
        stranger = new RSAKeyGenerator(2048).keyID("stranger").keyUse(KeyUse.SIGNATURE).generate();
    }

    @BeforeEach
    void startIssuer() throws IOException {
        publish(first);
        issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            if (down) {
                failedFetches.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        issuer.start();
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    @Test
    void aValidTokenNamesItsCallerByStableSubjectWithinTheTenant() throws Exception {
        Caller caller = verifier(rules()).verify(token(first, claims -> claims
                .claim("preferred_username", "alice").claim("tenant_id", "acme").claim("groups", List.of("staff"))));

        assertEquals("subject-1", caller.owner().subject(), "the owner is the subject, never the (renamable) user name");
        assertEquals("acme", caller.owner().tenant());
        assertEquals("alice", caller.displayName());
        assertFalse(caller.admin());
    }

    @Test
    void theAdministratorRoleComesFromTheConfiguredClaim() throws Exception {
        String keycloakShaped = token(first, claims -> claims
                .claim("groups", List.of("/admin"))
                .claim("realm_access", Map.of("roles", List.of("offline_access", "admin")))
                .claim("resource_access", Map.of("chatstream-web", Map.of("roles", List.of("operator")))));

        assertTrue(verifier(rules()).verify(keycloakShaped).admin(), "groups (MP-JWT's default), a group path counts by name");
        assertTrue(verifier(rules(List.of("realm_access.roles"), "admin")).verify(keycloakShaped).admin(), "realm roles");
        assertTrue(verifier(rules(List.of("resource_access.chatstream-web.roles"), "operator")).verify(keycloakShaped).admin(),
                "client roles, with an admin role of another name");
        assertFalse(verifier(rules(List.of("realm_access.roles"), "operator")).verify(keycloakShaped).admin());
        assertFalse(verifier(rules()).verify(token(first, claims -> claims.claim("groups", List.of("/staff/admin"))))
                .admin(), "a subgroup that happens to be called admin is not the admin group");
    }

    @Test
    void everyForgedMalformedOrMisdirectedTokenIsRefusedWithAReason() throws Exception {
        TokenVerifier verifier = verifier(rules());
        Instant now = Instant.now();
        String valid = token(first, claims -> { });
        String[] parts = valid.split("\\.");
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("wrong issuer", token(first, claims -> claims.issuer("https://idp.example/realms/other")));
        refused.put("no audience", token(first, claims -> claims.audience(List.of())));
        refused.put("wrong audience", token(first, claims -> claims.audience("account")));
        refused.put("expired beyond the skew", token(first, claims -> claims.expirationTime(Date.from(now.minusSeconds(61)))));
        refused.put("not yet valid beyond the skew", token(first, claims -> claims.notBeforeTime(Date.from(now.plusSeconds(120)))));
        refused.put("no subject", token(first, claims -> claims.subject(null)));
        refused.put("no expiry", token(first, claims -> claims.expirationTime(null)));
        refused.put("alg none", new PlainJWT(claims(claims -> { })).serialize());
        refused.put("alg none, signature kept", Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]);
        refused.put("HS256 keyed with the public key", hmacWithPublicKey());
        refused.put("a key not in the key set", token(stranger, claims -> { }));
        refused.put("another key's signature under this kid", token(new RSAKey.Builder(stranger).keyID("first").build(),
                claims -> { }));
        refused.put("claims changed after signing", parts[0] + "." + Base64URL.encode(claims(claims -> claims.subject("mallory"))
                .toString()) + "." + parts[2]);
        refused.put("truncated", valid.substring(0, valid.length() - 10));
        refused.put("two parts", parts[0] + "." + parts[1]);
        refused.put("garbage", "not-a-jwt");
        refused.put("empty", "");

        for (Map.Entry<String, String> each : refused.entrySet()) {
            InvalidTokenException refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(each.getValue()),
                    each.getKey() + " must be refused");
            assertTrue(refusal.getMessage().startsWith("The bearer token"), each.getKey() + ": " + refusal.getMessage());
        }
        assertEquals("subject-1", verifier.verify(valid).owner().subject(), "the untouched token still passes");
    }

    @Test
    void theClockSkewAllowanceIsHonoured() throws Exception {
        Instant now = Instant.now();
        String justExpired = token(first, claims -> claims.expirationTime(Date.from(now.minusSeconds(30))));
        String startsSoon = token(first, claims -> claims.notBeforeTime(Date.from(now.plusSeconds(30))));

        assertEquals("subject-1", verifier(rules()).verify(justExpired).owner().subject(), "30 s late, 60 s allowed");
        assertEquals("subject-1", verifier(rules()).verify(startsSoon).owner().subject());
        TokenVerifier strict = verifier(new TokenRules(ISSUER, List.of("chatstream"), List.of("RS256"), Duration.ofSeconds(5),
                Optional.empty(), "tenant_id", List.of("groups"), "admin"));
        assertThrows(InvalidTokenException.class, () -> strict.verify(justExpired));
        assertThrows(InvalidTokenException.class, () -> strict.verify(startsSoon));
    }

    @Test
    void aRotatedKeyIsAcceptedAtOnceWithoutARestart() throws Exception {
        TokenVerifier verifier = verifier(rules());
        assertEquals("subject-1", verifier.verify(token(first, claims -> { })).owner().subject());

        publish(second); // the issuer rotates: the new key signs, the old one is gone
        assertEquals("subject-1", verifier.verify(token(second, claims -> { })).owner().subject(),
                "the unknown kid made the verifier fetch the key set again");
        assertThrows(InvalidTokenException.class, () -> verifier.verify(token(first, claims -> { })),
                "the retired key no longer verifies");
    }

    @Test
    void forgedKidsCannotMakeTheServerHammerTheIssuer() throws Exception {
        TokenVerifier verifier = verifier(rules());
        verifier.verify(token(first, claims -> { }));
        for (int i = 0; i < 200; i++) {
            RSAKey forged = new RSAKey.Builder(stranger).keyID("forged-" + i).build();
            assertThrows(InvalidTokenException.class, () -> verifier.verify(token(forged, claims -> { })));
        }
        assertTrue(fetches.get() <= 2, "at most two fetches per minimum interval, not one per token: " + fetches.get());
        assertEquals("subject-1", verifier.verify(token(first, claims -> { })).owner().subject(), "real tokens still pass");
    }

    @Test
    void tokensOfAnotherIssuerDoNotMakeTheServerFetchItsIssuersKeys() throws Exception {
        TokenVerifier verifier = verifier(rules());
        verifier.verify(token(first, claims -> { }));
        for (int i = 0; i < 10; i++) {
            RSAKey foreign = new RSAKey.Builder(stranger).keyID("other-realm-" + i).build();
            InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> verifier.verify(
                    token(foreign, claims -> claims.issuer("https://idp.example/realms/other"))));
            assertTrue(refused.getMessage().contains("realms/other"), refused.getMessage());
        }
        assertEquals(1, fetches.get(), "only the first verification fetched the keys");

        publish(second);
        assertEquals("subject-1", verifier.verify(token(second, claims -> { })).owner().subject(),
                "the refetches a rotation needs are still there");
    }

    @Test
    void cachedKeysKeepWorkingWhileTheIssuerIsDown() throws Exception {
        TokenVerifier verifier = new TokenVerifier(IssuerKeys.at(certsUrl(), new IssuerKeys.Refresh(
                Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(2))), rules());
        String token = token(first, claims -> { });
        verifier.verify(token);

        down = true;
        Instant deadline = Instant.now().plusSeconds(20);
        while (failedFetches.get() == 0 && Instant.now().isBefore(deadline)) {
            // each verification after the 300 ms cache life asks the issuer again, and gets a 503
            assertEquals("subject-1", verifier.verify(token).owner().subject(), "the cached key still verifies");
        }
        assertTrue(failedFetches.get() > 0, "the issuer was asked while down");
        assertEquals("subject-1", verifier.verify(token).owner().subject());
    }

    @Test
    void anIssuerThatWasNeverReachedIsTheServersProblemNotTheCallers() throws Exception {
        down = true;
        assertThrows(KeysUnavailableException.class, () -> verifier(rules()).verify(token(first, claims -> { })));
    }

    @Test
    void aStaticKeyMayBeGivenInlineAsPemOrJwk() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(first.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String tokenWithoutKid = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims(claims -> { }), first);
        assertEquals("subject-1", new TokenVerifier(IssuerKeys.inline(pem), rules()).verify(tokenWithoutKid).owner().subject());
        assertEquals("subject-1", new TokenVerifier(IssuerKeys.inline(first.toPublicJWK().toJSONString()), rules())
                .verify(token(first, claims -> { })).owner().subject());
    }

    private TokenVerifier verifier(TokenRules rules) {
        return new TokenVerifier(IssuerKeys.at(certsUrl(), new IssuerKeys.Refresh(
                Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(2))), rules);
    }

    private String certsUrl() {
        return "http://127.0.0.1:" + issuer.getAddress().getPort() + "/certs";
    }

    private static TokenRules rules() {
        return rules(List.of("groups"), "admin");
    }

    private static TokenRules rules(List<String> roleClaims, String adminRole) {
        return new TokenRules(ISSUER, List.of("chatstream"), List.of("RS256"), SKEW, Optional.empty(), "tenant_id",
                roleClaims, adminRole);
    }

    private void publish(RSAKey key) {
        published.set(new JWKSet(key.toPublicJWK()).toString());
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> changes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("subject-1")
                .audience(List.of("chatstream", "account"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        changes.accept(claims);
        return claims.build();
    }

    private static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> changes) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                claims(changes), key);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The classic confusion attack: an HMAC whose secret is the public key every client can fetch. */
    private static String hmacWithPublicKey() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("first").build(), claims(claims -> { }));
        jwt.sign(new MACSigner(first.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }
}
