package dev.chatstream.uploads.control;

import dev.chatstream.platform.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Images in the database, in {@code upload_chunk} rows of at most {@link #CHUNK} bytes each (the same SQL on H2 and
 * PostgreSQL). Chunks, not one large value: PostgreSQL's driver reads a {@code BYTEA} whole into memory whatever the
 * API (its {@code getBinaryStream} wraps the finished array), and large objects are PostgreSQL's alone. So at most one
 * chunk of an image is in the heap at a time, on upload and download, and each chunk is read by a query of its own:
 * a slow client holds no database connection between two chunks.
 */
@ApplicationScoped
public class DatabaseImageStore implements ImageStore {

    static final int CHUNK = 256 * 1024;

    @Inject
    Database database;

    @Override
    public void write(UUID id, InputStream bytes) throws IOException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO upload_chunk (upload_id, seq, data) VALUES (?, ?, ?)")) {
                byte[] buffer = new byte[CHUNK];
                int seq = 0;
                for (int read = bytes.readNBytes(buffer, 0, CHUNK); read > 0; read = bytes.readNBytes(buffer, 0, CHUNK)) {
                    insert.setObject(1, id);
                    insert.setInt(2, seq++);
                    insert.setBinaryStream(3, new java.io.ByteArrayInputStream(buffer, 0, read), read);
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("The image could not be stored", e);
        }
    }

    @Override
    public void copy(UUID id, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK];
        try {
            for (int seq = 0, read; (read = readChunk(id, seq, buffer)) >= 0; seq++) {
                out.write(buffer, 0, read); // with no connection held
            }
        } catch (SQLException e) {
            throw new IOException("The image could not be read", e);
        }
    }

    /** Reads chunk {@code seq} into {@code buffer}; how many bytes it has, or -1 after the last one. */
    private int readChunk(UUID id, int seq, byte[] buffer) throws SQLException, IOException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT data FROM upload_chunk WHERE upload_id = ? AND seq = ?")) {
            select.setObject(1, id);
            select.setInt(2, seq);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return -1;
                }
                try (InputStream data = row.getBinaryStream(1)) {
                    return data.readNBytes(buffer, 0, buffer.length);
                }
            }
        }
    }

    @Override
    public void delete(UUID id) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM upload_chunk WHERE upload_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("The image could not be deleted", e));
        }
    }
}
