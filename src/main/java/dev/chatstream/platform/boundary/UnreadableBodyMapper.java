package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.Causes;
import dev.chatstream.platform.entity.InvalidInput;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not JSON, or JSON of the wrong shape (a number where text belongs): the client's mistake. Jersey
 * also wraps what a body reader refused in this (a body over its limit): that refusal is answered as it is.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException e) {
        InvalidInput refused = Causes.find(e, InvalidInput.class);
        if (refused != null) {
            return InvalidInputMapper.response(refused);
        }
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("invalid_request",
                        "The request body is not valid JSON of the expected shape", null))
                .build();
    }
}
