package dev.chatstream.auth.control;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bearer token must satisfy besides a valid signature, and where its claims say who the caller is. Read
 * from MicroProfile JWT's own keys ({@code mp.jwt.verify.*}) plus chatstream's claim settings.
 *
 * @param issuer      the one accepted {@code iss}
 * @param audiences   accepted {@code aud} values; empty accepts any (and none)
 * @param algorithms  accepted signature algorithms, asymmetric only (RS256 unless configured)
 * @param clockSkew   how far {@code exp} and {@code nbf} may be off
 * @param maxAge      how old ({@code iat}) a token may be, if limited
 * @param tenantClaim the claim naming the caller's tenant
 * @param roleClaims  claims, as dotted paths ({@code groups}, {@code realm_access.roles}), holding role names
 * @param adminRole   the role name that makes a caller an administrator
 */
public record TokenRules(String issuer, List<String> audiences, List<String> algorithms, Duration clockSkew,
                         Optional<Duration> maxAge, String tenantClaim, List<String> roleClaims, String adminRole) {

    public TokenRules {
        Objects.requireNonNull(issuer, "issuer");
        audiences = List.copyOf(audiences);
        algorithms = List.copyOf(algorithms);
        roleClaims = List.copyOf(roleClaims);
    }
}
