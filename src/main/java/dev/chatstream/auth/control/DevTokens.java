package dev.chatstream.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signs tokens for the embedded default, where no identity provider exists. */
@ApplicationScoped
public class DevTokens {

    public record Issued(String token, long expiresIn) {
    }

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "")
    String issuer;

    @Inject
    @ConfigProperty(name = "chatstream.auth.dev-token.ttl", defaultValue = "PT12H")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "chatstream.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    /** Dev tokens exist only while this server is its own issuer. */
    public boolean enabled() {
        return DevTokenConfigSource.DEV_ISSUER.equals(issuer) && !DevTokenConfigSource.externalIssuerConfigured();
    }

    public Issued issue(String user, String tenant, boolean admin) {
        Instant now = Instant.now();
        List<String> groups = new ArrayList<>(List.of("user"));
        if (admin) {
            groups.add("admin");
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(DevTokenConfigSource.DEV_ISSUER)
                .subject(user)
                .claim("upn", user)
                .claim("groups", groups)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (tenant != null) {
            claims.claim(tenantClaim, tenant);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(DevSigningKey.load(DevTokenConfigSource.dataDirectory()).getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a dev token", e);
        }
        return new Issued(jwt.serialize(), ttl.toSeconds());
    }
}
