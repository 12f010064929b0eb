package dev.chatstream.auth.boundary;

import dev.chatstream.platform.boundary.ApiException;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Secure by default: a request without a verified token is refused with 401 unless its resource method is
 * {@link Public}; a request whose token {@link BearerTokenFilter} refused gets that refusal.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class RequireToken implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        if (http.getAttribute(BearerTokenFilter.REFUSAL) instanceof ApiException refused) {
            throw refused; // a token that does not verify is refused even where none is needed
        }
        if (isPublic()) {
            return;
        }
        if (request.getSecurityContext().getUserPrincipal() == null) {
            throw ApiException.unauthorized("A valid bearer token is required");
        }
    }

    private boolean isPublic() {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class));
    }
}
