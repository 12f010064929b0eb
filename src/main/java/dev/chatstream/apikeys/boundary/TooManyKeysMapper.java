package dev.chatstream.apikeys.boundary;

import dev.chatstream.apikeys.control.TooManyKeys;
import dev.chatstream.platform.boundary.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409 {@code too_many_api_keys}: the caller must revoke a key before making another. */
@Provider
public class TooManyKeysMapper implements ExceptionMapper<TooManyKeys> {

    @Override
    public Response toResponse(TooManyKeys e) {
        return Response.status(Response.Status.CONFLICT)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("too_many_api_keys", e.getMessage(), null))
                .build();
    }
}
