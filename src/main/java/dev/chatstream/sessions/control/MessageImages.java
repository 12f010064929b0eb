package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.uploads.entity.ImageInfo;
import dev.chatstream.uploads.entity.Upload;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The images user messages show ({@code message_image}), within a caller's transaction. */
final class MessageImages {

    private MessageImages() {
    }

    /**
     * Shows the owner's uploads {@code ids} in message {@code messageId} of session {@code sessionId}, in order. An
     * upload that is not the owner's, or already shown in another session, is {@link UploadNotFound}.
     */
    static List<ImageInfo> attach(EntityManager em, Owner owner, UUID sessionId, UUID messageId, List<UUID> ids) {
        List<ImageInfo> attached = new ArrayList<>(ids.size());
        for (int position = 0; position < ids.size(); position++) {
            UUID id = ids.get(position);
            Upload upload = em.find(Upload.class, id);
            if (upload == null || !upload.isOwnedBy(owner) || !upload.attachTo(sessionId)) {
                throw new UploadNotFound(id);
            }
            em.createNativeQuery("INSERT INTO message_image (message_id, position, upload_id) VALUES (?, ?, ?)")
                    .setParameter(1, messageId).setParameter(2, position).setParameter(3, id)
                    .executeUpdate();
            attached.add(upload.info());
        }
        return attached;
    }

    /** The images of each of {@code messages} that shows any, in order. */
    static Map<UUID, List<ImageInfo>> of(EntityManager em, Collection<UUID> messages) {
        Map<UUID, List<ImageInfo>> images = new HashMap<>();
        if (messages.isEmpty()) {
            return images;
        }
        Query query = em.createNativeQuery("""
                SELECT mi.message_id, u.id, u.media_type, u.byte_count, u.width, u.height
                FROM message_image mi JOIN upload u ON u.id = mi.upload_id
                WHERE mi.message_id IN (%s)
                ORDER BY mi.message_id, mi.position""".formatted(String.join(", ", messages.stream().map(m -> "?").toList())));
        int index = 1;
        for (UUID message : messages) {
            query.setParameter(index++, message);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            images.computeIfAbsent(uuid(row[0]), message -> new ArrayList<>()).add(new ImageInfo(uuid(row[1]),
                    (String) row[2], ((Number) row[3]).longValue(), ((Number) row[4]).intValue(),
                    ((Number) row[5]).intValue()));
        }
        return images;
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }
}
