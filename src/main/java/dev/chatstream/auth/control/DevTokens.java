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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
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

    /** Unset: callers on this machine only; {@code true}: anyone who reaches the server; {@code false}: nobody. */
    @Inject
    @ConfigProperty(name = "chatstream.auth.dev-token.enabled")
    Optional<Boolean> openTo;

    @Inject
    @ConfigProperty(name = "chatstream.auth.dev-token.allow-admin", defaultValue = "false")
    boolean allowAdmin;

    /** Dev tokens exist only while this server is its own issuer, and not when switched off. */
    public boolean enabled() {
        return DevTokenConfigSource.DEV_ISSUER.equals(issuer) && !DevTokenConfigSource.externalIssuerConfigured()
                && openTo.orElse(true);
    }

    /**
     * Whether a caller at this address may have one: by default only a caller on this machine, because a dev token
     * names any user it is asked for. (Behind a reverse proxy on the same machine every caller looks local: set
     * {@code chatstream.auth.dev-token.enabled} explicitly there.)
     */
    public boolean issuedTo(String remoteAddress) {
        return enabled() && (openTo.isPresent() || isLoopback(remoteAddress));
    }

    public boolean allowsAdmin() {
        return allowAdmin;
    }

    /** For the start log. */
    public String describeAccess() {
        return (openTo.isPresent() ? "for any caller" : "for callers on this machine only")
                + (allowAdmin ? ", administrators included" : ", never administrators");
    }

    private static boolean isLoopback(String address) {
        try {
            // the servlet container gives a literal address: no name lookup happens
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
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
