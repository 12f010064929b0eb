package dev.chatstream.uploads.boundary;

import dev.chatstream.auth.boundary.BearerTokenFilter;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.entity.Caller;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.platform.boundary.SnakeCaseJson;
import dev.chatstream.platform.entity.Causes;
import dev.chatstream.uploads.control.Uploads;
import dev.chatstream.uploads.entity.ImageRefused;
import dev.chatstream.uploads.entity.Upload;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/v1/uploads}: one image as multipart/form-data (docs/api.md, "Uploads"). A plain servlet rather than
 * a JAX-RS method: its multipart configuration is then the container's own business, the same on Payara, WildFly and
 * Open Liberty (RESTEasy's servlet ignores one given to the JAX-RS servlet, and Liberty stops routing the API when
 * web.xml names that servlet). Serving and deleting stay in {@link UploadsResource}: this servlet's exact mapping
 * matches no other path. {@link BearerTokenFilter} has verified the token already; the answers are the API's JSON.
 */
@WebServlet("/api/v1/uploads")
@MultipartConfig(fileSizeThreshold = UploadEndpoint.IN_MEMORY_BYTES,
        maxFileSize = UploadEndpoint.CEILING_BYTES, maxRequestSize = UploadEndpoint.CEILING_BYTES)
public class UploadEndpoint extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(UploadEndpoint.class.getName());
    /** A part larger than this is written to a temporary file, not kept in the heap. */
    static final int IN_MEMORY_BYTES = 64 * 1024;
    /** The container's last resort; the limit is {@code chatstream.uploads.max-bytes}, checked before reading. */
    static final long CEILING_BYTES = 1L << 30;
    /** What a multipart body may carry besides the file: boundaries and part headers. */
    private static final long MULTIPART_OVERHEAD = 16 * 1024;
    /** A body up to this many times the limit is read before it is refused, so that its sender reads the answer. */
    private static final long DRAIN_FACTOR = 2;
    private static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    @Inject
    Uploads uploads;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            answer(response, 405, Map.of("Allow", "POST"), ErrorBody.of("method_not_allowed", "Method Not Allowed", null));
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Caller caller = caller(request);
            Upload upload = receive(request, caller);
            response.setHeader("Location", request.getRequestURL().append('/').append(upload.id()).toString());
            answer(response, 201, Map.of(), UploadsResource.UploadView.of(upload));
        } catch (ApiException e) {
            answer(response, e.status().getStatusCode(), e.headers(), ErrorBody.of(e.code(), e.getMessage(), e.field()));
        } catch (ImageRefused e) {
            answer(response, e.reason().status(), Map.of(), ErrorBody.of(e.reason().code(), e.getMessage(), e.field()));
        } catch (RuntimeException e) {
            if (Causes.include(e, SQLTransientConnectionException.class)) {
                LOG.log(Level.WARNING, "An upload got no database connection in time", e);
                answer(response, 503, Map.of("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS)),
                        ErrorBody.of("server_busy", "The server could not reach its database in time; try again shortly", null));
            } else {
                LOG.log(Level.SEVERE, "Unexpected failure while receiving an upload", e);
                answer(response, 500, Map.of(), ErrorBody.of("internal", "The server failed to handle the request", null));
            }
        }
    }

    /** The caller the bearer-token filter verified; its refusal, or 401 without a token, as {@code RequireToken} does. */
    private static Caller caller(HttpServletRequest request) {
        if (request.getAttribute(BearerTokenFilter.REFUSAL) instanceof ApiException refused) {
            throw refused;
        }
        if (request.getAttribute(CurrentUser.CALLER) instanceof Caller caller) {
            return caller;
        }
        throw ApiException.unauthorized("A valid bearer token is required");
    }

    private Upload receive(HttpServletRequest request, Caller caller) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "An upload is multipart/form-data", null, Map.of());
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            throw new ApiException(Status.LENGTH_REQUIRED, "length_required",
                    "An upload must say its length (Content-Length)", null, Map.of());
        }
        long max = uploads.maxBytes() + MULTIPART_OVERHEAD;
        if (length > max) {
            if (length <= DRAIN_FACTOR * max) {
                drain(request);
            }
            throw new ImageRefused(ImageRefused.Reason.TOO_LARGE, "file", "An image is at most " + uploads.maxBytes() + " bytes");
        }
        Collection<Part> parts = parts(request);
        try {
            List<Part> files = parts.stream().filter(part -> part.getSubmittedFileName() != null).toList();
            if (files.size() != 1) {
                throw ApiException.invalid("file", "Send exactly one file, as the multipart/form-data part \"file\"");
            }
            Part file = files.get(0);
            return uploads.store(caller.owner(), file::getInputStream, file.getSize(), null, "file");
        } finally {
            parts.forEach(UploadEndpoint::delete);
        }
    }

    private static Collection<Part> parts(HttpServletRequest request) {
        try {
            return request.getParts();
        } catch (IOException | ServletException | IllegalStateException e) {
            throw unreadable(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException) {
                throw unreadable(e); // Undertow (WildFly) wraps a malformed body's IOException
            }
            throw e;
        }
    }

    private static ApiException unreadable(Exception e) {
        LOG.log(Level.INFO, "An upload's body could not be read as multipart/form-data", e);
        return ApiException.invalid("file", "The body is not a readable multipart/form-data upload");
    }

    private static void answer(HttpServletResponse response, int status, Map<String, String> headers, Object body)
            throws IOException {
        byte[] json = SnakeCaseJson.jsonb().toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static void drain(HttpServletRequest request) {
        try (InputStream body = request.getInputStream()) {
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
