package dev.chatstream.uploads.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.platform.control.Database;
import dev.chatstream.uploads.entity.ImageFormat;
import dev.chatstream.uploads.entity.ImageHeader;
import dev.chatstream.uploads.entity.ImageInfo;
import dev.chatstream.uploads.entity.ImageRefused;
import dev.chatstream.uploads.entity.ImageRefused.Reason;
import dev.chatstream.uploads.entity.Upload;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.Initialized;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Uploaded images: checked by their bytes (format, size, pixels — the header only), counted against their owner's
 * quota, stored in the {@link ImageStore}, served back and deleted. Uploads that no message shows are deleted after
 * {@code chatstream.uploads.unattached-ttl}; the others go with their session.
 */
@ApplicationScoped
public class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class.getName());
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

    /** Opens the file from its start; called twice: once to judge it, once to store it. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    @Inject
    Database database;

    @Inject
    ImageStore store;

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.uploads.max-bytes", defaultValue = "20971520")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "chatstream.uploads.max-pixels", defaultValue = "50000000")
    long maxPixels;

    @Inject
    @ConfigProperty(name = "chatstream.uploads.max-bytes-per-user", defaultValue = "524288000")
    long maxBytesPerUser;

    @Inject
    @ConfigProperty(name = "chatstream.uploads.unattached-ttl", defaultValue = "P1D")
    Duration unattachedTtl;

    private ScheduledFuture<?> sweep;

    /** Creates this bean, and with it the sweep, when the application starts. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing more
    }

    @PostConstruct
    void schedule() {
        sweep = threads.every(SWEEP_EVERY, this::sweepUnattached);
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Checks and stores the image {@code file} of {@code size} bytes for {@code owner}; {@code field} names where it
     * came in, for a refusal. {@code declared}, when not null, is the media type the client said it is, which must be
     * what the bytes are. Nothing is stored when it is refused.
     */
    public Upload store(Owner owner, Source file, long size, ImageFormat declared, String field) {
        try {
            if (size > maxBytes) {
                throw new ImageRefused(Reason.TOO_LARGE, field, "An image is at most " + maxBytes + " bytes; this one has " + size);
            }
            ImageHeader header;
            try (InputStream in = file.open()) {
                header = ImageHeader.read(in).refuseAbove(maxPixels);
            } catch (ImageRefused refused) {
                throw refused.in(field);
            }
            if (declared != null && declared != header.format()) {
                throw new ImageRefused(Reason.UNSUPPORTED, field, "The image is " + header.format().mediaType()
                        + ", not " + declared.mediaType());
            }
            Upload upload = new Upload(owner, header, size, Instant.now());
            database.run(em -> {
                Object sum = em.createQuery("""
                                SELECT SUM(u.bytes) FROM Upload u
                                WHERE u.ownerSubject = :subject AND u.ownerTenant = :tenant""")
                        .setParameter("subject", owner.subject()).setParameter("tenant", owner.tenant())
                        .getSingleResult();
                long used = sum == null ? 0 : ((Number) sum).longValue();
                if (used + size > maxBytesPerUser) {
                    throw new ImageRefused(Reason.QUOTA_EXCEEDED, field, "Your images would take more than "
                            + maxBytesPerUser + " bytes (" + used + " used): delete some, or the conversations they are in");
                }
                em.persist(upload);
            });
            try (InputStream in = file.open()) {
                store.write(upload.id(), new Counted(in, size));
            } catch (IOException | RuntimeException e) {
                forget(upload.id());
                throw e;
            }
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owner's upload {@code id}; empty whether it is missing or someone else's. */
    public Optional<Upload> find(Owner owner, UUID id) {
        return database.transaction(em -> Optional.ofNullable(em.find(Upload.class, id)).filter(u -> u.isOwnedBy(owner)));
    }

    /** Copies the bytes of upload {@code id} to {@code out}. */
    public void copy(UUID id, OutputStream out) throws IOException {
        store.copy(id, out);
    }

    /** The bytes of upload {@code id} as a {@code data:} URL, as a model receives them. */
    public String dataUrl(ImageInfo upload) {
        ByteArrayOutputStream text = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64,
                upload.bytes() * 4 / 3 + 64));
        try {
            text.writeBytes(("data:" + upload.mediaType() + ";base64,").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try (OutputStream base64 = Base64.getEncoder().wrap(text)) {
                store.copy(upload.id(), base64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Deletes the owner's upload {@code id} (and so removes it from the messages that show it); false if not theirs. */
    public boolean delete(Owner owner, UUID id) {
        boolean deleted = database.transaction(em -> {
            Upload upload = em.find(Upload.class, id);
            if (upload == null || !upload.isOwnedBy(owner)) {
                return false;
            }
            em.remove(upload);
            return true;
        });
        if (deleted) {
            store.delete(id);
        }
        return deleted;
    }

    private void forget(UUID id) {
        try {
            database.run(em -> em.createQuery("DELETE FROM Upload u WHERE u.id = :id").setParameter("id", id).executeUpdate());
            store.delete(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete the half-stored upload " + id, e);
        }
    }

    /** Deletes uploads that no message shows, older than the TTL. */
    void sweepUnattached() {
        try {
            Instant before = Instant.now().minus(unattachedTtl);
            List<UUID> old = database.transaction(em -> em.createQuery(
                            "SELECT u.id FROM Upload u WHERE u.sessionId IS NULL AND u.createdAt < :before", UUID.class)
                    .setParameter("before", before).setMaxResults(1000).getResultList());
            old.forEach(this::forget);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete old unattached uploads", e);
        }
    }

    /** The stream of an image as long as it was said to be: a client that sends more (or less) is refused. */
    private static final class Counted extends java.io.FilterInputStream {
        private final long expected;
        private long read;

        Counted(InputStream in, long expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            count(n);
            return n;
        }

        private void count(int n) throws IOException {
            if (n < 0) {
                if (read != expected) {
                    throw new IOException("The image ended after " + read + " of " + expected + " bytes");
                }
                return;
            }
            read += n;
            if (read > expected) {
                throw new IOException("The image is longer than the " + expected + " bytes it said");
            }
        }
    }
}
