package dev.chatstream.platform.control;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * The application's one database, the same way on every application server: a connection pool (HikariCP) and a
 * JPA provider (EclipseLink) of the application's own, both in the WAR, configured by MicroProfile Config alone
 * ({@code chatstream.db.url}, {@code .user}, {@code .password}, {@code .pool.min}, {@code .pool.max}). No server
 * defines a data source or deploys a persistence unit for chatstream: the unit is described in
 * {@code META-INF/chatstream-persistence.xml}, a name no server looks for (docs/architecture.md).
 * <p>
 * Work runs in resource-local transactions, one per {@link #transaction} call. Entities read in one stay usable
 * after it, detached; their lazy relations still load while the application runs.
 */
@ApplicationScoped
public class Database {

    static final String PERSISTENCE_XML = "META-INF/chatstream-persistence.xml";
    private static final String POSTGRESQL = "org.eclipse.persistence.platform.database.PostgreSQLPlatform";

    /** How long a request waits for a connection before it is told to come back (503). */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

    @Inject
    @ConfigProperty(name = "chatstream.db.url")
    String url;

    @Inject
    @ConfigProperty(name = "chatstream.db.user")
    String user;

    /** Empty (as MP Config reads an empty value) when the database wants none, as with trust authentication. */
    @Inject
    @ConfigProperty(name = "chatstream.db.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "chatstream.db.pool.min")
    int minConnections;

    @Inject
    @ConfigProperty(name = "chatstream.db.pool.max")
    int maxConnections;

    private HikariDataSource pool;
    private EntityManagerFactory jpa;

    @PostConstruct
    void open() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("chatstream");
        config.setDataSource(new JdbcUrlDataSource(url, user, password.orElse("")));
        config.setMinimumIdle(minConnections);
        config.setMaximumPoolSize(maxConnections);
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        pool = new HikariDataSource(config);
        Map<String, Object> properties = new HashMap<>(Map.of(
                PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, PERSISTENCE_XML,
                PersistenceUnitProperties.NON_JTA_DATASOURCE, pool,
                PersistenceUnitProperties.SESSION_CUSTOMIZER, EclipseLinkSettings.class.getName(),
                PersistenceUnitProperties.CLASSLOADER, Database.class.getClassLoader()));
        if (isPostgres()) {
            // not the PostgreSQL10Platform EclipseLink detects: that one looks up a JSON provider with the
            // ServiceLoader, which on Open Liberty finds the server's own EclipseLink's and fails (no JSON columns here)
            properties.put(PersistenceUnitProperties.TARGET_DATABASE, POSTGRESQL);
        }
        jpa = new PersistenceProvider().createEntityManagerFactory("chatstream", properties);
    }

    /** PostgreSQL (production), else the embedded H2: for what only one of them has, such as full-text indexes. */
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The pooled connections, for the schema migration and the health check. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in a transaction of its own and commits it; any exception rolls it back. A transaction
     * whose connection turns out to be lost runs once more on a new one: the database restarted or dropped its
     * connections, so the pool lets go of all it holds (it checks a connection only after it was idle a while).
     */
    public <T> T transaction(Function<EntityManager, T> work) {
        try {
            return once(work);
        } catch (PersistenceException e) {
            if (!lostConnection(e)) {
                throw e;
            }
            pool.getHikariPoolMXBean().softEvictConnections();
            return once(work);
        }
    }

    /** A connection the database closed: SQLSTATE class 08, or PostgreSQL's 57P01 (terminated by an administrator). */
    static boolean lostConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return false; // the pool had none free in time: waiting again would only double the wait
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P01"))) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em = jpa.createEntityManager();
        EntityTransaction transaction = em.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(em);
            transaction.commit();
            return result;
        } catch (RuntimeException | Error e) {
            rollBack(transaction, e);
            throw e;
        } finally {
            em.close();
        }
    }

    /** Rolls back what is still open; a failed rollback (the connection is gone) stays beneath the first failure. */
    private static void rollBack(EntityTransaction transaction, Throwable failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Like {@link #transaction(Function)}, for work without a result. */
    public void run(Consumer<EntityManager> work) {
        transaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @PreDestroy
    void close() {
        if (jpa != null) {
            jpa.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
