package dev.chatstream.auth.boundary;

import dev.chatstream.auth.control.DevTokens;
import dev.chatstream.platform.boundary.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/auth/dev-token}: a signed token for any user name, only in the embedded default and, unless
 * the operator says otherwise, only for callers on the server's own machine.
 * {@code GET} tells a client (the chat page) whether it may offer that sign-in at all.
 */
@ApplicationScoped
@Path("v1/auth/dev-token")
@Public
public class DevTokenResource {

    public record DevTokenRequest(String user, String tenant, Boolean admin) {
    }

    public record Availability(boolean available) {
    }

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,64}");

    @Inject
    DevTokens tokens;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Availability availability(@Context HttpServletRequest http) {
        return new Availability(tokens.issuedTo(http.getRemoteAddr()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DevTokens.Issued issue(DevTokenRequest request, @Context HttpServletRequest http) {
        if (!tokens.enabled()) {
            throw ApiException.notFound("Resource");
        }
        if (!tokens.issuedTo(http.getRemoteAddr())) {
            throw ApiException.forbidden(null, "Dev tokens are issued to callers on the server's own machine only "
                    + "(an operator may allow others with chatstream.auth.dev-token.enabled=true)");
        }
        if (request == null || request.user() == null || !NAME.matcher(request.user()).matches()) {
            throw ApiException.invalid("user", "user must be 1-64 letters, digits or ._@-");
        }
        if (request.tenant() != null && !NAME.matcher(request.tenant()).matches()) {
            throw ApiException.invalid("tenant", "tenant must be 1-64 letters, digits or ._@-");
        }
        boolean admin = Boolean.TRUE.equals(request.admin());
        if (admin && !tokens.allowsAdmin()) {
            throw ApiException.forbidden("admin", "Dev tokens never make an administrator unless the operator sets "
                    + "chatstream.auth.dev-token.allow-admin=true");
        }
        return tokens.issue(request.user(), request.tenant(), admin);
    }
}
