package dev.chatstream.apikeys.control;

import dev.chatstream.apikeys.entity.ApiKey;
import dev.chatstream.apikeys.entity.KeyText;
import dev.chatstream.auth.control.InvalidTokenException;
import dev.chatstream.auth.control.KeysUnavailableException;
import dev.chatstream.auth.control.PersonalKeys;
import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.control.Database;
import dev.chatstream.platform.entity.InvalidInput;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Personal API keys: made, listed and revoked by their owner, and verified on every request that carries one. A key
 * is looked up by the SHA-256 of its text, one indexed query with no cache, so that a revoked key is refused at once
 * by every instance that shares the database. Where keys are accepted: {@code chatstream.api-keys.scope}.
 */
@ApplicationScoped
public class ApiKeys implements PersonalKeys {

    /** {@code all}: keys work on the whole API; {@code openai}: only on the OpenAI-compatible API. */
    public enum Scope { ALL, OPENAI }

    static final String OPENAI_PATH = "/openai/";

    @Inject
    Database database;

    @Inject
    @ConfigProperty(name = "chatstream.api-keys.max-per-user", defaultValue = "25")
    int maxPerUser;

    @Inject
    @ConfigProperty(name = "chatstream.api-keys.scope", defaultValue = "all")
    String configuredScope;

    Clock clock = Clock.systemUTC();
    private Scope scope;

    /** A scope that is neither {@code all} nor {@code openai} stops the deployment rather than guessing. */
    @PostConstruct
    void init() {
        scope = switch (configuredScope.strip().toLowerCase(Locale.ROOT)) {
            case "all" -> Scope.ALL;
            case "openai" -> Scope.OPENAI;
            default -> throw new IllegalStateException("chatstream.api-keys.scope is all or openai, not " + configuredScope);
        };
    }

    /** Reads the scope at start, so that a wrong one fails the deployment, not the first request with a key. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the @PostConstruct above ran to deliver this event
    }

    /** A key and the one chance to read its text. */
    public record Created(ApiKey key, KeyText text) {
    }

    /**
     * A new key of {@code creator}. Refused when the name or expiry break their rules ({@link InvalidInput}),
     * when a non-administrator asks for an administrator's key, or when the owner has as many keys as allowed.
     */
    public Created create(Caller creator, String name, Instant expiresAt, boolean admin) {
        Instant now = clock.instant();
        String checkedName;
        try {
            checkedName = ApiKey.checkedName(name);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("name", e.getMessage());
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw InvalidInput.of("expires_at", "expires_at must be in the future");
        }
        KeyText text = KeyText.generate();
        ApiKey key = new ApiKey(creator, text, checkedName, expiresAt, admin, now);
        database.run(em -> {
            long existing = em.createQuery("SELECT COUNT(k) FROM ApiKey k WHERE k.ownerTenant = :tenant AND k.ownerSubject = :subject",
                            Long.class)
                    .setParameter("tenant", creator.owner().tenant()).setParameter("subject", creator.owner().subject())
                    .getSingleResult();
            if (existing >= maxPerUser) {
                throw new TooManyKeys(maxPerUser);
            }
            em.persist(key);
        });
        return new Created(key, text);
    }

    /** The owner's keys, newest first. */
    public List<ApiKey> list(Owner owner) {
        return database.transaction(em -> em.createQuery("""
                        SELECT k FROM ApiKey k WHERE k.ownerTenant = :tenant AND k.ownerSubject = :subject
                        ORDER BY k.createdAt DESC, k.id DESC""", ApiKey.class)
                .setParameter("tenant", owner.tenant()).setParameter("subject", owner.subject())
                .getResultList());
    }

    /** Deletes the owner's key {@code id}: false when the owner has none by that id (someone else's included). */
    public boolean revoke(Owner owner, UUID id) {
        return database.transaction(em -> {
            ApiKey key = em.find(ApiKey.class, id);
            if (key == null || !key.isOwnedBy(owner)) {
                return false;
            }
            em.remove(key);
            return true;
        });
    }

    @Override
    public Caller verify(String key, String path) throws InvalidTokenException, KeysUnavailableException {
        if (scope == Scope.OPENAI && !path.startsWith(OPENAI_PATH)) {
            throw new InvalidTokenException("API keys are accepted only by the OpenAI-compatible API (/openai) on this "
                    + "server (chatstream.api-keys.scope=openai): use a token of the identity provider here");
        }
        KeyText text = KeyText.parse(key).orElseThrow(() -> new InvalidTokenException(
                "The bearer token is not a valid API key"));
        Optional<ApiKey> found;
        try {
            found = database.transaction(em -> use(em, text.digest(), clock.instant()));
        } catch (RuntimeException e) {
            throw new KeysUnavailableException("API keys cannot be verified: the database cannot be asked (" + e + ")",
                    "the database is unreachable", e);
        }
        return found.map(ApiKey::caller).orElseThrow(() -> new InvalidTokenException(
                "The API key is not valid: unknown, revoked or expired"));
    }

    /** The key with this digest if it is valid at {@code now}, its use recorded. */
    private static Optional<ApiKey> use(EntityManager em, String digest, Instant now) {
        List<ApiKey> found = em.createQuery("SELECT k FROM ApiKey k WHERE k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", digest).getResultList();
        if (found.isEmpty() || !found.get(0).validAt(now)) {
            return Optional.empty();
        }
        ApiKey key = found.get(0);
        key.used(now); // written with the transaction's commit, once a minute at most
        return Optional.of(key);
    }
}
