package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.Causes;
import dev.chatstream.platform.entity.Overloaded;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bug or an outage: logged with its stack trace, answered without one. A request that got no database
 * connection in time (the pool is exhausted, or the database unreachable) is answered 503 with
 * {@code Retry-After}: nothing of it was saved, and sending it again later is the right thing to do.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    private static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(Exception e) {
        if (noDatabaseConnection(e)) {
            LOG.log(Level.WARNING, "A request got no database connection in time", e);
            return new OverloadedMapper().toResponse(Overloaded.server(
                    "The server could not reach its database in time; try again shortly", DATABASE_RETRY_AFTER_SECONDS));
        }
        LOG.log(Level.SEVERE, "Unexpected failure while handling a request", e);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("internal", "The server failed to handle the request", null))
                .build();
    }

    /** Whether the connection pool (platform.control.Database) had no connection in time, beneath JPA's exceptions. */
    static boolean noDatabaseConnection(Throwable e) {
        return Causes.include(e, SQLTransientConnectionException.class);
    }
}
