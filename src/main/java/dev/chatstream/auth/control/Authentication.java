package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How this server knows its callers, set up once from configuration: MicroProfile JWT's standard keys name the
 * issuer and its keys (the embedded default's own dev issuer when none is configured, see
 * {@link DevTokenConfigSource}), chatstream's keys say where tenant and roles are. The application verifies tokens
 * itself rather than through each server's MP-JWT mechanism, so that key rotation, refusals and their answers are
 * the same on Payara, WildFly and Open Liberty (docs/configuration.md, "Single sign-on").
 */
@ApplicationScoped
public class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    List<String> algorithms;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences; // a comma-separated list; Payara cannot inject Optional<List<…>>

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    Optional<Long> maxAgeSeconds;

    @Inject
    @ConfigProperty(name = "chatstream.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    @Inject
    @ConfigProperty(name = "chatstream.auth.roles-claim", defaultValue = "groups")
    List<String> roleClaims;

    @Inject
    @ConfigProperty(name = "chatstream.auth.admin-role", defaultValue = "admin")
    String adminRole;

    @Inject
    @ConfigProperty(name = "chatstream.auth.jwks.cache-ttl", defaultValue = "PT5M")
    Duration cacheTtl;

    @Inject
    @ConfigProperty(name = "chatstream.auth.jwks.min-refresh-interval", defaultValue = "PT5S")
    Duration minRefreshInterval;

    @Inject
    @ConfigProperty(name = "chatstream.auth.jwks.outage-ttl", defaultValue = "PT6H")
    Duration outageTtl;

    @Inject
    @ConfigProperty(name = "chatstream.auth.jwks.timeout", defaultValue = "PT5S")
    Duration timeout;

    /** Verified tokens kept per server instance (0: verify every request's token). */
    @Inject
    @ConfigProperty(name = "chatstream.auth.token-cache.size", defaultValue = "10000")
    long tokenCacheSize;

    @Inject
    DevTokens devTokens;

    private VerifiedTokens.Verification verifier;

    @PostConstruct
    void init() {
        String trusted = issuer.filter(text -> !text.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Set mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER) to the issuer of the tokens this server accepts"));
        TokenRules rules = new TokenRules(trusted, audiences(), algorithms,
                Duration.ofSeconds(clockSkewSeconds), maxAgeSeconds.map(Duration::ofSeconds), tenantClaim, roleClaims,
                adminRole);
        TokenVerifier tokens = new TokenVerifier(publicKeyLocation.filter(text -> !text.isBlank())
                .map(location -> IssuerKeys.at(location, new IssuerKeys.Refresh(cacheTtl, minRefreshInterval, outageTtl, timeout)))
                .orElseGet(() -> IssuerKeys.inline(publicKey.orElseThrow(() -> new IllegalStateException(
                        "Set mp.jwt.verify.publickey.location (MP_JWT_VERIFY_PUBLICKEY_LOCATION) to the issuer's "
                                + "JWK set URL, or mp.jwt.verify.publickey to its public key")))), rules);
        verifier = tokenCacheSize > 0 ? new VerifiedTokens(tokens::verify, tokenCacheSize)::verify : tokens::verify;
    }

    /** Says at start which way callers are known, so that an operator sees it in the log. */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (devTokens.enabled()) {
            LOG.info("Authentication: embedded default. This server signs its own dev tokens (issuer "
                    + DevTokenConfigSource.DEV_ISSUER + ") " + devTokens.describeAccess()
                    + ". Configure an identity provider with MP_JWT_VERIFY_ISSUER and MP_JWT_VERIFY_PUBLICKEY_LOCATION.");
        } else {
            LOG.info("Authentication: tokens of issuer " + issuer.orElse("") + ", keys from "
                    + publicKeyLocation.orElse("mp.jwt.verify.publickey")
                    + (audiences().isEmpty() ? ", any audience" : ", audience " + String.join(" or ", audiences()))
                    + ", roles from " + String.join(", ", roleClaims) + " (administrators: " + adminRole
                    + "). Dev tokens are off.");
        }
    }

    private List<String> audiences() {
        return audiences.stream().flatMap(list -> Arrays.stream(list.split(","))).map(String::strip)
                .filter(audience -> !audience.isEmpty()).toList();
    }

    public Caller verify(String token) throws InvalidTokenException, KeysUnavailableException {
        return verifier.verify(token);
    }
}
