package dev.chatstream.sessions.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.control.MessageNotFound;
import dev.chatstream.sessions.control.ReplyRatings;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.Rating;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /api/v1/messages/{id}/feedback}: a user's rating of a reply (docs/api.md). */
@ApplicationScoped
@Path("v1/messages/{id}/feedback")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    ReplyRatings ratings;

    @Inject
    CurrentUser user;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Feedback rate(@PathParam("id") String id, Views.Rate request) {
        String wire = request == null ? null : request.rating();
        Rating rating = Rating.parse(wire)
                .orElseThrow(() -> InvalidInput.of("rating", "rating must be \"up\" or \"down\""));
        Message rated = ratings.rate(user.owner(), uuid(id), rating, request.comment());
        return Views.Feedback.of(rated);
    }

    @DELETE
    public Response remove(@PathParam("id") String id) {
        ratings.remove(user.owner(), uuid(id));
        return Response.noContent().build();
    }

    /** A malformed id names no message of the caller: the same 404 as any other. */
    private static UUID uuid(String id) {
        return Text.uuid(id).orElseThrow(() -> new MessageNotFound(null, null));
    }
}
