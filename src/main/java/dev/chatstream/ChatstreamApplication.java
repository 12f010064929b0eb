package dev.chatstream;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API lives under {@code /api}. Every resource needs a valid MicroProfile JWT unless it is marked
 * public (see {@link dev.chatstream.auth.boundary.Public}).
 */
@ApplicationPath("api")
@ApplicationScoped // MP-JWT needs the class carrying @LoginConfig to be a CDI bean
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"user", "admin"})
public class ChatstreamApplication extends Application {
}
