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
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Short-lived tickets for reading one reply's stream without an {@code Authorization} header, which the
 * browser's {@code EventSource} cannot send. A ticket (an HMAC-signed JWT) names the reply and its owner and
 * opens nothing else. The signing secret comes from configuration; without one, each server start makes a
 * random one, which is why a cluster must configure one. To change it without refusing tickets already handed
 * out, set the old one as {@code chatstream.stream.previous-ticket-secret} for one ticket lifetime.
 */
@ApplicationScoped
public class StreamTickets {

    public static final int SHORTEST_SECRET = 32;
    private static final String REPLY = "rid";
    private static final String TENANT = "tnt";

    @Inject
    @ConfigProperty(name = "chatstream.stream.ticket-secret")
    Optional<String> configuredSecret;

    @Inject
    @ConfigProperty(name = "chatstream.stream.previous-ticket-secret")
    Optional<String> previousSecret;

    @Inject
    @ConfigProperty(name = "chatstream.stream.ticket-ttl", defaultValue = "PT5M")
    Duration ttl;

    private byte[] secret;
    private List<MACVerifier> verifiers;

    @PostConstruct
    void init() {
        secret = configuredSecret.map(text -> bytes("chatstream.stream.ticket-secret", text)).orElseGet(() -> {
            byte[] random = new byte[SHORTEST_SECRET];
            new SecureRandom().nextBytes(random);
            return random;
        });
        List<MACVerifier> accepted = new ArrayList<>();
        try {
            accepted.add(new MACVerifier(secret));
            if (previousSecret.isPresent()) {
                accepted.add(new MACVerifier(bytes("chatstream.stream.previous-ticket-secret", previousSecret.get())));
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot use the stream ticket secret", e);
        }
        verifiers = List.copyOf(accepted);
    }

    /** A configured secret that is too short is refused at start rather than quietly replaced. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // creating the bean runs init()
    }

    private static byte[] bytes(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < SHORTEST_SECRET) {
            throw new IllegalStateException(key + " must be at least " + SHORTEST_SECRET + " bytes long (it has "
                    + bytes.length + "): generate one with `openssl rand -base64 48`");
        }
        return bytes;
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
            if (!verifiedByAny(jwt)) {
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

    private boolean verifiedByAny(SignedJWT jwt) throws JOSEException {
        for (MACVerifier verifier : verifiers) {
            if (jwt.verify(verifier)) {
                return true;
            }
        }
        return false;
    }
}
