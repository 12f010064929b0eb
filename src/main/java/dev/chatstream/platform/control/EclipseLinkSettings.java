package dev.chatstream.platform.control;

import java.sql.Types;
import java.util.UUID;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.sessions.Session;

/** What chatstream changes in EclipseLink's defaults, and why. */
public class EclipseLinkSettings implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        // EclipseLink takes a connection the pool could not give in time for a dead one and asks again, three more
        // times: a request would wait four times the pool's wait when the pool is exhausted, long after the client
        // and the HTTP server gave up on it. Database itself runs a transaction again whose connection was lost.
        session.getLogin().setQueryRetryAttemptCount(0);

        // A null UUID would be bound as a null VARCHAR, which PostgreSQL refuses for a uuid column; as OTHER it is
        // untyped there (H2 takes either). Non-null UUIDs are already bound as OTHER by EclipseLink's platform.
        for (ClassDescriptor descriptor : session.getDescriptors().values()) {
            for (DatabaseMapping mapping : descriptor.getMappings()) {
                if (mapping.isDirectToFieldMapping() && isUuid(descriptor.getJavaClass(), mapping.getAttributeName())) {
                    mapping.getField().setSqlType(Types.OTHER);
                }
            }
        }
    }

    private static boolean isUuid(Class<?> entity, String attribute) {
        try {
            return entity.getDeclaredField(attribute).getType() == UUID.class;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
