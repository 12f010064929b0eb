package dev.chatstream.auth.boundary;

import dev.chatstream.auth.control.WebSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/**
 * {@code GET /api/v1/auth/config}: how a client (the chat page) signs in here, before it has a token.
 * {@code {"mode": "dev"}} in the embedded default, {@code {"mode": "oidc", "oidc": {...}}} with an identity
 * provider configured for the page, {@code {"mode": "external"}} when only a host application can hand a
 * token over.
 */
@ApplicationScoped
@Path("v1/auth/config")
@Public
public class AuthConfigResource {

    public record AuthConfig(String mode, WebSignIn.Oidc oidc) {
    }

    @Inject
    WebSignIn signIn;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AuthConfig config() {
        WebSignIn.Mode mode = signIn.mode();
        return new AuthConfig(mode.name().toLowerCase(Locale.ROOT), mode == WebSignIn.Mode.OIDC ? signIn.oidc().orElseThrow() : null);
    }
}
