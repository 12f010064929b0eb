package dev.chatstream.sessions.entity;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.entity.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A conversation of one owner with one assistant. */
@Entity
@Table(name = "chat_session")
public class ChatSession {

    /** In code points; the column holds 200 UTF-16 units, enough for 100 emoji. */
    public static final int MAX_TOPIC_LENGTH = 100;

    @Id
    private UUID id;

    @Column(name = "owner_subject", nullable = false)
    private String ownerSubject;

    @Column(name = "owner_tenant", nullable = false)
    private String ownerTenant;

    @Column(nullable = false)
    private String assistant;

    private String topic;

    /** The last message of the branch the conversation shows and continues; null while it has none. */
    @Column(name = "current_leaf")
    @Convert(converter = NullableUuidConverter.class)
    private UUID currentLeaf;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ChatSession() {
        // for JPA
    }

    public ChatSession(Owner owner, String assistant, Instant now) {
        this.id = UUID.randomUUID();
        this.ownerSubject = owner.subject();
        this.ownerTenant = owner.tenant();
        this.assistant = Objects.requireNonNull(assistant, "assistant");
        this.createdAt = Timestamps.stored(now);
        this.updatedAt = this.createdAt;
    }

    public boolean isOwnedBy(Owner owner) {
        return ownerSubject.equals(owner.subject()) && ownerTenant.equals(owner.tenant());
    }

    /** Names the conversation unless it already has a name (a user's rename wins over a generated title). */
    public boolean nameIfUnnamed(String generated) {
        if (topic != null) {
            return false;
        }
        topic = trimTopic(generated);
        return true;
    }

    public void rename(String newTopic) {
        if (newTopic == null || newTopic.isBlank()) {
            throw new IllegalArgumentException("a topic cannot be blank");
        }
        topic = trimTopic(newTopic);
    }

    /** The conversation now shows and continues the branch ending at {@code leaf} (null: no messages). */
    public void showBranchEndingAt(UUID leaf) {
        currentLeaf = leaf;
    }

    public UUID currentLeaf() {
        return currentLeaf;
    }

    public void touch(Instant now) {
        Instant stored = Timestamps.stored(now);
        if (stored.isAfter(updatedAt)) {
            updatedAt = stored;
        }
    }

    private static String trimTopic(String text) {
        return Text.shorten(Text.oneLine(text), MAX_TOPIC_LENGTH);
    }

    public UUID id() {
        return id;
    }

    public Owner owner() {
        return new Owner(ownerSubject, ownerTenant);
    }

    public String assistant() {
        return assistant;
    }

    public String topic() {
        return topic;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
