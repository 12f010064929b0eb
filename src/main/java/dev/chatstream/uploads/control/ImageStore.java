package dev.chatstream.uploads.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Where the bytes of uploaded images are kept, by upload id; what the API shows of them (owner, format, size) is in the
 * {@code upload} table whatever the store. The database ({@link DatabaseImageStore}) is the default; another store (an
 * S3-compatible bucket: docs/architecture.md) implements these three methods and is produced in its place. Bytes are
 * written once and never changed, and always streamed: no method holds a whole image.
 */
public interface ImageStore {

    /** Stores {@code bytes} (read to their end) under {@code id}, whose upload row exists already. */
    void write(UUID id, InputStream bytes) throws IOException;

    /** Copies the bytes stored under {@code id} to {@code out}, in order. */
    void copy(UUID id, OutputStream out) throws IOException;

    /**
     * Forgets the bytes of {@code id}. The database store's are also deleted with their upload row (a cascade), which
     * is how a deleted session's images go; another store deletes what it holds here.
     */
    void delete(UUID id);
}
