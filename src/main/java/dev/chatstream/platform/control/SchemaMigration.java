package dev.chatstream.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with Flyway at deployment, before anything uses JPA; the persistence unit
 * never generates DDL. Fires {@link SchemaReady} for work that needs the current schema at start.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Inject
    Database database;

    @Inject
    Event<SchemaReady> ready;

    /** A schema of its own (created when missing), else the connection's default schema. */
    @Inject
    @ConfigProperty(name = "chatstream.db.schema")
    Optional<String> schema;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        FluentConfiguration flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations(locations(database.isPostgres()));
        schema.filter(name -> !name.isBlank()).ifPresent(name -> flyway.schemas(name).defaultSchema(name));
        MigrateResult result = flyway.load().migrate();
        // Flyway names no target version when it had nothing to do
        String version = result.migrationsExecuted > 0 ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted + " migrations applied now)");
        ready.fire(new SchemaReady());
    }

    /**
     * The portable migrations, and on PostgreSQL also its own (full-text indexes): one history, whose versions
     * never collide (db/postgresql/V7_1__message_search.sql says how they are numbered).
     */
    public static String[] locations(boolean postgres) {
        return postgres
                ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                : new String[] {"classpath:db/migration"};
    }

    /** The schema is current; the database may be used. */
    public record SchemaReady() {
    }
}
