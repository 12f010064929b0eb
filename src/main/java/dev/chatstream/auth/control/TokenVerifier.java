package dev.chatstream.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a bearer token (a signed JWT) and says who it speaks for. Cryptography and the standard claim checks
 * are Nimbus JOSE+JWT's; this class chooses them: only the configured asymmetric algorithms (so neither
 * {@code alg: none} nor an HMAC "signed" with the public key passes), only keys of the issuer's key set, the
 * issuer, the audiences when configured, {@code exp}/{@code nbf} within the clock skew, and {@code sub},
 * {@code exp} and {@code iat} present.
 */
public class TokenVerifier {

    private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt"); // RFC 9068, as some IdPs type theirs

    private final TokenRules rules;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(JWKSource<SecurityContext> keys, TokenRules rules) {
        this.rules = rules;
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        for (String name : rules.algorithms()) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name.strip());
            if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
                throw new IllegalArgumentException("mp.jwt.verify.publickey.algorithm must name RSA or EC signatures "
                        + "(RS256, ES256, …), not " + name);
            }
            algorithms.add(algorithm);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, ACCESS_TOKEN, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                rules.audiences().isEmpty() ? null : new HashSet<>(rules.audiences()), // Nimbus asks it contains(null)
                new JWTClaimsSet.Builder().issuer(rules.issuer()).build(),
                Set.of("sub", "exp", "iat"),
                null);
        claims.setMaxClockSkew((int) rules.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    public Caller verify(String token) throws InvalidTokenException, KeysUnavailableException {
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            refuseOtherIssuers(jwt);
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("The bearer token is not a signed JWT");
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("The bearer token was refused: " + e.getMessage());
        } catch (RateLimitReachedException e) {
            throw new InvalidTokenException("The bearer token was refused: no key of the issuer matches it (its keys "
                    + "were fetched again moments ago; a key the issuer has just added is accepted within seconds)");
        } catch (KeySourceException e) {
            throw new KeysUnavailableException("The issuer's keys cannot be fetched: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("The bearer token was refused: " + e.getMessage());
        }
        Instant issued = claims.getIssueTime().toInstant();
        Instant expires = claims.getExpirationTime().toInstant();
        if (rules.maxAge().isPresent()) {
            Instant tooOld = issued.plus(rules.maxAge().get()).plus(rules.clockSkew());
            if (tooOld.isBefore(Instant.now())) {
                throw new InvalidTokenException("The bearer token was refused: it was issued longer ago than "
                        + "mp.jwt.verify.token.age allows");
            }
            expires = tooOld.isBefore(expires) ? tooOld : expires;
        }
        return new Caller(new Owner(claims.getSubject(), text(claims.getClaim(rules.tenantClaim()))),
                displayName(claims), roles(claims).contains(rules.adminRole()), expires);
    }

    /**
     * A token that names another issuer is refused before any key is looked up: its unknown {@code kid} must not
     * make the verifier fetch this issuer's keys again (and spend the refetches a real key rotation needs).
     */
    private void refuseOtherIssuers(SignedJWT jwt) throws ParseException, InvalidTokenException {
        String claimed = jwt.getJWTClaimsSet().getIssuer();
        if (!rules.issuer().equals(claimed)) {
            throw new InvalidTokenException("The bearer token was refused: it was issued by "
                    + (claimed == null ? "no issuer" : "'" + claimed + "'") + ", not by the issuer this server trusts");
        }
    }

    private static String displayName(JWTClaimsSet claims) {
        for (String claim : List.of("preferred_username", "upn", "email", "name")) {
            String value = text(claims.getClaim(claim));
            if (!value.isBlank()) {
                return value;
            }
        }
        return claims.getSubject();
    }

    /** Role names from every configured claim path; a top-level group path ({@code /admin}) counts as its name. */
    Set<String> roles(JWTClaimsSet claims) {
        Set<String> roles = new HashSet<>();
        for (String path : rules.roleClaims()) {
            Object value = claims.getClaims();
            for (String step : path.strip().split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(step) : null;
            }
            for (String role : names(value)) {
                roles.add(role.startsWith("/") ? role.substring(1) : role);
            }
        }
        return roles;
    }

    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> many) {
            many.forEach(each -> names.add(String.valueOf(each)));
        } else if (value instanceof String some) {
            names.addAll(List.of(some.split("[\\s,]+")));
        }
        return names;
    }

    private static String text(Object claim) {
        return claim == null ? "" : claim.toString();
    }
}
