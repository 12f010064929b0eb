package dev.chatstream.chat.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/** Keeps proxies (nginx and the like) from caching, transforming or buffering event streams into bursts. */
@Provider
public class StreamHeaders implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(response.getMediaType())) {
            response.getHeaders().putSingle("Cache-Control", "no-cache, no-transform");
            response.getHeaders().putSingle("X-Accel-Buffering", "no");
        }
    }
}
