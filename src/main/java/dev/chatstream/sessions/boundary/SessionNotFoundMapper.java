package dev.chatstream.sessions.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.sessions.control.SessionNotFound;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** One answer for "no such session" and "not your session". */
@Provider
public class SessionNotFoundMapper implements ExceptionMapper<SessionNotFound> {

    @Override
    public Response toResponse(SessionNotFound e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("not_found", "Session not found", "session_id"))
                .build();
    }
}
