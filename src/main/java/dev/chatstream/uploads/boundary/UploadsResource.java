package dev.chatstream.uploads.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.uploads.control.Uploads;
import dev.chatstream.uploads.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.UUID;

/**
 * {@code /api/v1/uploads/{id}}: an image, uploaded once ({@link UploadEndpoint}) and shown in messages by its id, served
 * back to its owner or deleted (docs/api.md, "Uploads").
 */
@ApplicationScoped
@Path("v1/uploads")
public class UploadsResource {

    /** An id's bytes never change: a year, the longest RFC 9111 recommends. */
    private static final int A_YEAR = 31_536_000;

    /** An upload as the API shows it. */
    public record UploadView(UUID id, String mediaType, long bytes, int width, int height) {
        static UploadView of(Upload upload) {
            return new UploadView(upload.id(), upload.mediaType(), upload.bytes(), upload.width(), upload.height());
        }
    }

    @Inject
    Uploads uploads;

    @Inject
    CurrentUser user;

    /** The image's bytes as uploaded, streamed, with headers that keep a browser from reading them as anything else. */
    @GET
    @Path("{id}")
    public Response download(@PathParam("id") String id, @Context Request request) {
        Upload upload = owned(id);
        EntityTag tag = new EntityTag(upload.id().toString());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoTransform(true);
        cache.setMaxAge(A_YEAR);
        cache.getCacheExtension().put("immutable", null);
        if (unchanged != null) {
            return unchanged.cacheControl(cache).tag(tag).build();
        }
        StreamingOutput bytes = out -> uploads.copy(upload.id(), out);
        return Response.ok(bytes, upload.mediaType())
                .header("Content-Length", upload.bytes())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"image-" + upload.id() + "." + upload.format().extension() + "\"")
                .cacheControl(cache)
                .tag(tag)
                .build();
    }

    /** Deletes the image; messages that showed it no longer do. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        UUID upload = Text.uuid(id).orElseThrow(() -> ApiException.notFound("Upload"));
        if (!uploads.delete(user.owner(), upload)) {
            throw ApiException.notFound("Upload");
        }
        return Response.noContent().build();
    }

    private Upload owned(String id) {
        return Text.uuid(id).flatMap(upload -> uploads.find(user.owner(), upload))
                .orElseThrow(() -> ApiException.notFound("Upload"));
    }
}
