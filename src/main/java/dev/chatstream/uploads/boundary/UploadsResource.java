package dev.chatstream.uploads.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.uploads.control.Uploads;
import dev.chatstream.uploads.entity.ImageRefused;
import dev.chatstream.uploads.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/v1/uploads}: an image uploaded once (multipart/form-data, one file), then shown in messages by its id and
 * served back to its owner (docs/api.md, "Uploads"). The multipart body is parsed by the servlet container
 * ({@code HttpServletRequest.getParts}, with the multipart configuration WEB-INF/web.xml gives the API's servlet), the
 * one way that works alike on Payara, WildFly and Open Liberty; a part larger than a few kilobytes goes to a temporary
 * file, not the heap.
 */
@ApplicationScoped
@Path("v1/uploads")
public class UploadsResource {

    private static final Logger LOG = Logger.getLogger(UploadsResource.class.getName());
    /** What a multipart body may carry besides the file: boundaries and part headers. */
    private static final long MULTIPART_OVERHEAD = 16 * 1024;
    /** An id's bytes never change: a year, the longest RFC 9111 recommends. */
    private static final int A_YEAR = 31_536_000;

    public record UploadView(UUID id, String mediaType, long bytes, int width, int height) {
        static UploadView of(Upload upload) {
            return new UploadView(upload.id(), upload.mediaType(), upload.bytes(), upload.width(), upload.height());
        }
    }

    @Inject
    Uploads uploads;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@Context HttpServletRequest http, @Context UriInfo uri) {
        long length = http.getContentLengthLong();
        if (length < 0) {
            throw new ApiException(Response.Status.LENGTH_REQUIRED, "length_required",
                    "An upload must say its length (Content-Length)", null, Map.of());
        }
        long max = uploads.maxBytes() + MULTIPART_OVERHEAD;
        if (length > max) {
            if (length <= 2 * max) {
                drain(http); // so that a client sending the whole body still reads the answer
            }
            throw new ImageRefused(ImageRefused.Reason.TOO_LARGE, "file",
                    "An image is at most " + uploads.maxBytes() + " bytes");
        }
        Collection<Part> parts = parts(http);
        try {
            List<Part> files = parts.stream().filter(part -> part.getSubmittedFileName() != null).toList();
            if (files.size() != 1) {
                throw ApiException.invalid("file", "Send exactly one file, as the multipart/form-data part \"file\"");
            }
            Part file = files.get(0);
            Upload upload = uploads.store(user.owner(), file::getInputStream, file.getSize(), null, "file");
            return Response.created(uri.getAbsolutePathBuilder().path(upload.id().toString()).build())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(UploadView.of(upload))
                    .build();
        } finally {
            parts.forEach(UploadsResource::delete);
        }
    }

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

    private static Collection<Part> parts(HttpServletRequest http) {
        try {
            return http.getParts();
        } catch (IOException | ServletException | IllegalStateException e) {
            LOG.log(Level.INFO, "An upload's body could not be read as multipart/form-data", e);
            throw ApiException.invalid("file", "The body is not a readable multipart/form-data upload");
        }
    }

    private static void drain(HttpServletRequest http) {
        try (InputStream body = http.getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException clientGone) {
            // the answer is all that is left to do
        }
    }

    private static void delete(Part part) {
        try {
            part.delete();
        } catch (IOException e) {
            // a temporary file the container removes at the end of the request anyway
        }
    }
}
