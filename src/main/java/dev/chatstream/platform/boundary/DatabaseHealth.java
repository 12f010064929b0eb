package dev.chatstream.platform.boundary;

import dev.chatstream.platform.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers: without it no message can be saved, so no chat can start. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = database.dataSource().getConnection()) {
            return HealthCheckResponse.named("database").status(connection.isValid(TIMEOUT_SECONDS)).build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
