package dev.chatstream.uploads.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.uploads.entity.ImageRefused;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An image refused (413, 415, or 400 {@code images_not_supported}), naming the field it came in. */
@Provider
public class ImageRefusedMapper implements ExceptionMapper<ImageRefused> {

    @Override
    public Response toResponse(ImageRefused e) {
        return Response.status(e.reason().status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.reason().code(), e.getMessage(), e.field()))
                .build();
    }
}
