package dev.chatstream.platform.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;

/**
 * A request body JSON-B could not read. Jersey (Payara) wraps that failure in a {@code ProcessingException}
 * ({@link UnreadableBodyMapper}), RESTEasy on Open Liberty lets JSON-B's own exception through: both are the
 * client's mistake. A JSON-B failure while writing a response stays a server failure.
 */
@Provider
public class UnreadableJsonMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException e) {
        if (whileReadingABody(e)) {
            return new UnreadableBodyMapper().toResponse(null);
        }
        return new UnexpectedExceptionMapper().toResponse(e);
    }

    /** Whether a message body reader ({@code MessageBodyReader.readFrom}) was reading when JSON-B failed. */
    static boolean whileReadingABody(Throwable e) {
        return Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("readFrom"));
    }
}
