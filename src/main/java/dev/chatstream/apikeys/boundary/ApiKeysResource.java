package dev.chatstream.apikeys.boundary;

import dev.chatstream.apikeys.control.ApiKeys;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.entity.Caller;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * {@code /api/v1/api-keys}: the caller's personal API keys (docs/api.md). Managed with a JWT only: a key cannot
 * make, list or revoke keys, so that a leaked key cannot entrench itself.
 */
@ApplicationScoped
@Path("v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    @Inject
    ApiKeys keys;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Views.KeyRequest request, @Context UriInfo uri) {
        Caller caller = signedIn();
        if (request == null) {
            throw InvalidInput.of("name", "name is required");
        }
        boolean admin = Boolean.TRUE.equals(request.admin());
        if (admin && !caller.admin()) {
            throw ApiException.forbidden("admin", "Only an administrator can create an API key with the admin scope");
        }
        ApiKeys.Created created = keys.create(caller, request.name(), instant(request.expiresAt()), admin);
        return Response.created(uri.getAbsolutePathBuilder().path(created.key().id().toString()).build())
                .header("Cache-Control", "no-store")
                .entity(Views.NewKey.of(created.key(), created.text()))
                .build();
    }

    @GET
    public Views.KeyList list() {
        return Views.KeyList.of(keys.list(signedIn().owner()));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        Caller caller = signedIn();
        UUID key = Text.uuid(id).orElseThrow(() -> ApiException.notFound("API key"));
        if (!keys.revoke(caller.owner(), key)) {
            throw ApiException.notFound("API key");
        }
        return Response.noContent().build();
    }

    /** The caller, signed in with a JWT: a request with an API key is refused. */
    private Caller signedIn() {
        Caller caller = user.caller().orElseThrow(() -> ApiException.unauthorized("A valid bearer token is required"));
        if (caller.viaApiKey()) {
            throw ApiException.forbidden(null, "API keys cannot create, list or revoke API keys: "
                    + "sign in with a token of the identity provider (the chat page's sign-in) to manage them");
        }
        return caller;
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw InvalidInput.of("expires_at", "expires_at must be an ISO-8601 instant such as 2030-01-31T12:00:00Z");
        }
    }
}
