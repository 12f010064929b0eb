package dev.chatstream.uploads.entity;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.sessions.entity.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * An uploaded image as the API shows it: whose it is, its format, size in bytes and pixels, and the session whose
 * messages show it (null until one does; it is deleted with that session). Its bytes never change: they are in the
 * {@code ImageStore} under the same id.
 */
@Entity
@Table(name = "upload")
public class Upload {

    @Id
    private UUID id;

    @Column(name = "owner_subject", nullable = false)
    private String ownerSubject;

    @Column(name = "owner_tenant", nullable = false)
    private String ownerTenant;

    @Column(name = "media_type", nullable = false)
    private String mediaType;

    @Column(name = "byte_count", nullable = false)
    private long bytes;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int height;

    // EclipseLink's own UUID conversion fails on reading a null (see the converter)
    @Column(name = "session_id")
    @Convert(converter = NullableUuidConverter.class)
    private UUID sessionId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Upload() {
        // for JPA
    }

    public Upload(Owner owner, ImageHeader header, long bytes, Instant now) {
        if (bytes < 1) {
            throw new IllegalArgumentException("an upload has bytes");
        }
        this.id = UUID.randomUUID();
        this.ownerSubject = owner.subject();
        this.ownerTenant = owner.tenant();
        this.mediaType = header.format().mediaType();
        this.bytes = bytes;
        this.width = header.width();
        this.height = header.height();
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
    }

    public boolean isOwnedBy(Owner owner) {
        return ownerSubject.equals(owner.subject()) && ownerTenant.equals(owner.tenant());
    }

    /**
     * Shows this image in a message of {@code session}: the upload then belongs to that session. An image already
     * shown in another session cannot be: each conversation owns its images, and goes with them when deleted.
     */
    public boolean attachTo(UUID session) {
        Objects.requireNonNull(session, "session");
        if (sessionId == null) {
            sessionId = session;
        }
        return sessionId.equals(session);
    }

    public ImageInfo info() {
        return new ImageInfo(id, mediaType, bytes, width, height);
    }

    public UUID id() {
        return id;
    }

    public String mediaType() {
        return mediaType;
    }

    public ImageFormat format() {
        return ImageFormat.ofMediaType(mediaType).orElseThrow();
    }

    public long bytes() {
        return bytes;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
