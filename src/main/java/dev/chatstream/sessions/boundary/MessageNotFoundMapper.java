package dev.chatstream.sessions.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.sessions.control.MessageNotFound;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** One answer for "no such message", "not your message" and "not in that session". */
@Provider
public class MessageNotFoundMapper implements ExceptionMapper<MessageNotFound> {

    @Override
    public Response toResponse(MessageNotFound e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("not_found", "Message not found", e.field()))
                .build();
    }
}
