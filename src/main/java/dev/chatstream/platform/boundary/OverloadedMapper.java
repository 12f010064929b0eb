package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.Overloaded;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class OverloadedMapper implements ExceptionMapper<Overloaded> {

    @Override
    public Response toResponse(Overloaded e) {
        return Response.status(e.serverWide() ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.TOO_MANY_REQUESTS)
                .header("Retry-After", e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.code(), e.getMessage(), null))
                .build();
    }
}
