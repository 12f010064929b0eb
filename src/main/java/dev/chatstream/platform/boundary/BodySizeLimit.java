package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.InvalidInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than {@code chatstream.http.max-body-bytes} (an import:
 * {@code chatstream.sessions.import.max-bytes}; a chat request, which may carry an image inline:
 * {@code chatstream.chat.max-body-bytes}) with 413: by its Content-Length, without parsing it; a body of unknown
 * length as soon as more than that has been read ({@link BoundedBody}). An upload never comes here: a servlet of
 * its own receives it and checks its own limit before reading a byte (uploads.boundary.UploadEndpoint).
 * A moderately oversized body is drained first, so that clients that send it whole still read the answer.
 * A server's own limit must not be lower, since it refuses without our JSON: server-config/wildfly lifts Undertow's.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    private static final long DRAIN_FACTOR = 16;

    @Inject
    @ConfigProperty(name = "chatstream.http.max-body-bytes", defaultValue = "262144")
    long maxBodyBytes;

    /** A whole conversation being imported is larger than any other request. */
    @Inject
    @ConfigProperty(name = "chatstream.sessions.import.max-bytes", defaultValue = "16777216")
    long maxImportBytes;

    @Inject
    @ConfigProperty(name = "chatstream.chat.max-body-bytes", defaultValue = "8388608")
    long maxChatBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        long length = request.getLength();
        String path = request.getUriInfo().getPath();
        long max = path.endsWith("v1/sessions/import") ? maxImportBytes
                : path.endsWith("v1/chat") || path.endsWith("v1/chat/stream") || path.endsWith("v1/chat/messages")
                ? maxChatBytes : maxBodyBytes;
        if (length < 0) {
            request.setEntityStream(new BoundedBody(request.getEntityStream(), max));
        } else if (length > max) {
            if (length <= DRAIN_FACTOR * max) {
                drain(request.getEntityStream());
            }
            throw tooLarge(max);
        }
    }

    static InvalidInput tooLarge(long max) {
        return InvalidInput.tooLarge(null, tooLargeMessage(max));
    }

    static String tooLargeMessage(long max) {
        return "The request body is larger than " + max + " bytes";
    }

    private static void drain(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException clientGone) {
            // the answer below is all that is left to do
        }
    }
}
