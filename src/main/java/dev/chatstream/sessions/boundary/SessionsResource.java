package dev.chatstream.sessions.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.control.SearchTerms;
import dev.chatstream.sessions.control.SessionDirectory;
import dev.chatstream.sessions.control.SessionNotFound;
import dev.chatstream.sessions.control.Transcripts;
import dev.chatstream.sessions.entity.ChatSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code /api/v1/sessions}: the caller's conversations and their history (docs/api.md). */
@ApplicationScoped
@Path("v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final String MARKDOWN = "text/markdown";

    @Inject
    SessionDirectory sessions;

    @Inject
    AssistantCatalog assistants;

    @Inject
    Transcripts transcripts;

    @Inject
    CurrentUser user;

    @Inject
    @ConfigProperty(name = "chatstream.sessions.import.max-messages", defaultValue = "10000")
    int maxImportMessages;

    /** As long as the longest reply the server itself would store. */
    @Inject
    @ConfigProperty(name = "chatstream.chat.max-reply-chars", defaultValue = "200000")
    int maxImportMessageChars;

    @GET
    public Views.SessionList list(@QueryParam("assistant") String assistant, @QueryParam("q") String q,
                                  @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String filter = assistant == null || assistant.isBlank() ? null : known(assistant).name();
        return Views.SessionList.of(sessions.list(user.owner(), filter, SearchTerms.parse(q), limit(limit),
                cursor == null || cursor.isBlank() ? null : cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Views.NewSession request, @Context UriInfo uri) {
        Assistant assistant = request == null || request.assistant() == null || request.assistant().isBlank()
                ? assistants.byDefault() : known(request.assistant());
        String topic = request == null || request.topic() == null || request.topic().isBlank() ? null : request.topic();
        if (topic != null && topic.length() > ChatSession.MAX_TOPIC_LENGTH) {
            throw InvalidInput.of("topic", "topic is at most " + ChatSession.MAX_TOPIC_LENGTH + " characters");
        }
        ChatSession session = sessions.create(user.owner(), assistant.name(), topic);
        return Response.created(uri.getAbsolutePathBuilder().path(session.id().toString()).build())
                .entity(Views.SessionView.of(sessions.get(user.owner(), session.id()), assistant.greeting()))
                .build();
    }

    @GET
    @Path("{id}")
    public Views.SessionView get(@PathParam("id") String id) {
        return Views.SessionView.of(sessions.get(user.owner(), uuid(id)), null);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.SessionView rename(@PathParam("id") String id, Views.Rename request) {
        UUID session = uuid(id);
        return Views.SessionView.of(sessions.rename(user.owner(), session, request == null ? null : request.topic()), null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        sessions.delete(user.owner(), uuid(id));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/messages")
    public Response clear(@PathParam("id") String id) {
        sessions.clear(user.owner(), uuid(id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/messages")
    public Views.MessageList history(@PathParam("id") String id, @QueryParam("before") String before,
                                     @QueryParam("limit") String limit) {
        UUID session = uuid(id);
        UUID beforeId = null;
        if (before != null && !before.isBlank()) {
            beforeId = Text.uuid(before).orElseThrow(() -> InvalidInput.of("before", "before must be a message id"));
        }
        return Views.MessageList.of(sessions.history(user.owner(), session, beforeId, limit(limit)));
    }

    /** Shows (and continues from) the branch through a message: the {@code < 2/3 >} switch of a chat page. */
    @PUT
    @Path("{id}/current")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.MessageList showBranch(@PathParam("id") String id, Views.ShowBranch request,
                                        @QueryParam("limit") String limit) {
        UUID session = uuid(id);
        if (request == null || request.messageId() == null || request.messageId().isBlank()) {
            throw InvalidInput.of("message_id", "message_id is required");
        }
        UUID message = Text.uuid(request.messageId())
                .orElseThrow(() -> InvalidInput.of("message_id", "message_id must be a message id"));
        return Views.MessageList.of(sessions.showBranch(user.owner(), session, message, limit(limit)));
    }

    /** The whole conversation, every branch, as JSON (for import), or the branch shown as Markdown (for reading). */
    @GET
    @Path("{id}/export")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    public Response export(@PathParam("id") String id, @QueryParam("format") String format) {
        UUID session = uuid(id);
        if (format == null || format.isBlank() || format.equals("json")) {
            Transcripts.Transcript whole = transcripts.export(user.owner(), session);
            return download(Response.ok(TranscriptJson.Export.of(whole), MediaType.APPLICATION_JSON_TYPE),
                    whole.session(), "json");
        }
        if (format.equals("markdown")) {
            Transcripts.Transcript branch = transcripts.currentBranch(user.owner(), session);
            return download(Response.ok(TranscriptMarkdown.of(branch), MARKDOWN + ";charset=UTF-8"), branch.session(), "md");
        }
        throw InvalidInput.of("format", "format must be json or markdown");
    }

    /** A conversation exported by {@link #export} (here or elsewhere), stored as a new session of the caller's. */
    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importSession(TranscriptJson.Import body, @Context UriInfo uri) {
        Transcripts.Draft draft = TranscriptJson.draft(body, assistants, maxImportMessages, maxImportMessageChars);
        ChatSession session = transcripts.importSession(user.owner(), draft);
        return Response.created(uri.getBaseUriBuilder().path("v1/sessions").path(session.id().toString()).build())
                .entity(Views.SessionView.of(sessions.get(user.owner(), session.id()), null))
                .build();
    }

    private static Response download(Response.ResponseBuilder response, ChatSession session, String extension) {
        return response.header("Content-Disposition",
                "attachment; filename=\"" + TranscriptMarkdown.fileName(session, extension) + "\"").build();
    }

    private Assistant known(String name) {
        return assistants.find(name).orElseThrow(() -> InvalidInput.of("assistant", "Unknown assistant '" + name + "'"));
    }

    /** A malformed id names no session of the caller: the same 404 as any other. */
    private static UUID uuid(String id) {
        return Text.uuid(id).orElseThrow(() -> new SessionNotFound(null));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw InvalidInput.of("limit", "limit must be a number from 1 to " + MAX_LIMIT);
    }
}
