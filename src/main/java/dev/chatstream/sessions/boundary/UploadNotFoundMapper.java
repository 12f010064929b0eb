package dev.chatstream.sessions.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.sessions.control.UploadNotFound;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An image named in a chat request that is not the caller's (or is shown in another session): 404 naming images. */
@Provider
public class UploadNotFoundMapper implements ExceptionMapper<UploadNotFound> {

    @Override
    public Response toResponse(UploadNotFound e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("not_found", e.getMessage(), "images"))
                .build();
    }
}
