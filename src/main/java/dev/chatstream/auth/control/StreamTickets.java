package dev.chatstream.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatstream.auth.entity.Owner;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Short-lived tickets for reading one reply's stream without an {@code Authorization} header, which the
 * browser's {@code EventSource} cannot send. A ticket (an HMAC-signed JWT) names the reply and its owner and
 * opens nothing else. The signing secret comes from configuration; without one, each server start makes a
 * random one (set it when several instances share streams).
 */
@ApplicationScoped
public class StreamTickets {

    private static final String REPLY = "rid";
    private static final String TENANT = "tnt";

    @Inject
    @ConfigProperty(name = "chatstream.stream.ticket-secret")
    Optional<String> configuredSecret;

    @Inject
    @ConfigProperty(name = "chatstream.stream.ticket-ttl", defaultValue = "PT5M")
    Duration ttl;

    private byte[] secret;

    @PostConstruct
    void init() {
        secret = configuredSecret.filter(text -> text.length() >= 32)
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
    }

    public String issue(Owner owner, UUID replyId) {
        Instant now = Instant.now();
        SignedJWT ticket = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(owner.subject())
                .claim(TENANT, owner.tenant())
                .claim(REPLY, replyId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build());
        try {
            ticket.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a stream ticket", e);
        }
        return ticket.serialize();
    }

    /** The owner a valid, unexpired ticket for exactly this reply speaks for; empty for anything else. */
    public Optional<Owner> verify(String ticket, UUID replyId) {
        try {
            SignedJWT jwt = SignedJWT.parse(ticket);
            if (!jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean current = claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isAfter(Instant.now());
            if (!current || !replyId.toString().equals(claims.getStringClaim(REPLY)) || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Owner(claims.getSubject(), claims.getStringClaim(TENANT)));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
