package dev.chatstream.platform.control;

import jakarta.annotation.sql.DataSourceDefinition;

/**
 * The application's one database, chosen by configuration: {@code chatstream.db.url} (an H2 file in the data
 * folder by default, or a PostgreSQL URL), {@code chatstream.db.user}, {@code chatstream.db.password}.
 * The {@code ${MPCONFIG=...}} placeholders are Payara's; other servers define {@link #JNDI_NAME} themselves.
 * <p>
 * The pool sizes here are only the fallback: {@code WEB-INF/web.xml} declares the same data source with
 * {@code chatstream.db.pool.min} / {@code .max}, and a deployment descriptor's values win over the annotation's.
 * They cannot be placeholders here, because annotation attributes that are numbers must be constants.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "dev.chatstream.platform.control.JdbcUrlDataSource",
        url = "${MPCONFIG=chatstream.db.url}",
        user = "${MPCONFIG=chatstream.db.user}",
        password = "${MPCONFIG=chatstream.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                // a real round trip, in SQL that H2 and PostgreSQL both accept; Payara runs "SELECT COUNT(*) FROM "
                // + this. (Its custom-validation method looks the validator class up by name through the WAR's
                // class loader on every checkout, and that loader searches every library first.)
                "fish.payara.connection-validation-method=table",
                "fish.payara.validation-table-name=(SELECT 1) AS probe",
                "fish.payara.fail-all-connections=true",
                "fish.payara.max-wait-time-in-millis=10000"
        })
public final class Database {

    public static final String JNDI_NAME = "java:app/jdbc/chatstream";

    private Database() {
    }
}
