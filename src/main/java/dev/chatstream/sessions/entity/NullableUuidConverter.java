package dev.chatstream.sessions.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * For UUID columns that may be null: EclipseLink's own UUID conversion fails on a null value when it reads one. The
 * drivers of H2 and PostgreSQL read and write {@link UUID} as it is.
 */
@Converter
public class NullableUuidConverter implements AttributeConverter<UUID, UUID> {

    @Override
    public UUID convertToDatabaseColumn(UUID id) {
        return id;
    }

    @Override
    public UUID convertToEntityAttribute(UUID stored) {
        return stored;
    }
}
