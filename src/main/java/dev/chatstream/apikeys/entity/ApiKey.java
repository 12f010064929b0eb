package dev.chatstream.apikeys.entity;

import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A personal API key as stored: whose it is, its name, the digest and prefix of its text (never the text), whether
 * it acts as an administrator, and when it was created, last used and expires. A revoked key is deleted.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    /** In code points; the column holds 128 UTF-16 units. */
    public static final int MAX_NAME_LENGTH = 64;
    /** How often {@code last_used_at} is written at most: not on every request. */
    public static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    @Id
    private UUID id;

    @Column(name = "owner_subject", nullable = false)
    private String ownerSubject;

    @Column(name = "owner_tenant", nullable = false)
    private String ownerTenant;

    /** The owner's display name when the key was made: the name a request with the key goes by. */
    @Column(name = "owner_name")
    private String ownerName;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false)
    private String keyHash;

    @Column(name = "grants_admin", nullable = false)
    private boolean admin;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected ApiKey() {
        // for JPA
    }

    /**
     * A key of {@code creator} for {@code text}, named {@code name}, valid until {@code expiresAt} (null: until
     * revoked), acting as an administrator only when {@code admin}, which only an administrator may ask for.
     */
    public ApiKey(Caller creator, KeyText text, String name, Instant expiresAt, boolean admin, Instant now) {
        if (admin && !creator.admin()) {
            throw new IllegalArgumentException("only an administrator makes an administrator's key");
        }
        this.id = UUID.randomUUID();
        this.ownerSubject = creator.owner().subject();
        this.ownerTenant = creator.owner().tenant();
        this.ownerName = creator.displayName();
        this.name = checkedName(name);
        this.prefix = text.prefix();
        this.keyHash = text.digest();
        this.admin = admin;
        this.createdAt = stored(now);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a key expires in the future");
        }
        this.expiresAt = expiresAt == null ? null : stored(expiresAt);
    }

    /** The name stripped, 1 to 64 characters; otherwise why not, in words for the caller. */
    public static String checkedName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("name is required and cannot be blank");
        }
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name is at most " + MAX_NAME_LENGTH + " characters");
        }
        return stripped;
    }

    public boolean isOwnedBy(Owner owner) {
        return ownerSubject.equals(owner.subject()) && ownerTenant.equals(owner.tenant());
    }

    /** Whether a request at {@code now} may use the key: it has not expired (a revoked key no longer exists). */
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /**
     * Records a use at {@code now} when the last one recorded is a minute old or more: a key used on every request
     * is not written on every request. Returns whether it changed.
     */
    public boolean used(Instant now) {
        if (lastUsedAt != null && now.isBefore(lastUsedAt.plus(LAST_USE_PRECISION))) {
            return false;
        }
        lastUsedAt = stored(now);
        return true;
    }

    /** The caller a request with this key acts as: its owner, an administrator only if the key was made so. */
    public Caller caller() {
        return new Caller(owner(), ownerName, admin, expiresAt, id);
    }

    private static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public UUID id() {
        return id;
    }

    public Owner owner() {
        return new Owner(ownerSubject, ownerTenant);
    }

    public String name() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public boolean admin() {
        return admin;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + prefix + "…, " + name + "]";
    }
}
