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
 * Refuses a request body larger than {@code chatstream.http.max-body-bytes} with 413, without parsing it.
 * A moderately oversized body is drained first, so that clients that send it whole still read the answer.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    private static final long DRAIN_FACTOR = 16;

    @Inject
    @ConfigProperty(name = "chatstream.http.max-body-bytes", defaultValue = "262144")
    long maxBodyBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        long length = request.getLength();
        if (length > maxBodyBytes) {
            if (length <= DRAIN_FACTOR * maxBodyBytes) {
                drain(request.getEntityStream());
            }
            throw InvalidInput.tooLarge(null, "The request body is larger than " + maxBodyBytes + " bytes");
        }
    }

    private static void drain(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException clientGone) {
            // the answer below is all that is left to do
        }
    }
}
