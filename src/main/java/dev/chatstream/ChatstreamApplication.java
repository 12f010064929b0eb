package dev.chatstream;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API lives under {@code /api}. Every resource needs a valid bearer token (a JWT verified by
 * {@link dev.chatstream.auth.boundary.BearerTokenFilter}) unless it is marked public (see
 * {@link dev.chatstream.auth.boundary.Public}).
 */
@ApplicationPath("api")
public class ChatstreamApplication extends Application {
}
