package dev.chatstream.platform.boundary;

import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A failed commit is an outage like any other: the same JSON 500, not the server's HTML page. */
@Provider
public class TransactionalExceptionMapper implements ExceptionMapper<TransactionalException> {

    @Override
    public Response toResponse(TransactionalException e) {
        return new UnexpectedExceptionMapper().toResponse(e);
    }
}
