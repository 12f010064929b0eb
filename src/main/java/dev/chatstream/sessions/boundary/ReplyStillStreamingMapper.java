package dev.chatstream.sessions.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.sessions.control.ReplyStillStreaming;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: the reply to regenerate is still being generated. */
@Provider
public class ReplyStillStreamingMapper implements ExceptionMapper<ReplyStillStreaming> {

    @Override
    public Response toResponse(ReplyStillStreaming e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("reply_streaming", e.getMessage(), "regenerate"))
                .build();
    }
}
