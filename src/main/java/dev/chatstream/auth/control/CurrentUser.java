package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Owner;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, as its verified token says. The token is the request's principal
 * (MP-JWT makes the verified {@link JsonWebToken} the caller principal); it is read from the request rather
 * than injected, because Payara resolves an injected token through a JNDI lookup on every request.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "chatstream.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    private Owner owner;

    /** Whether the request carried a verified token at all. */
    public boolean authenticated() {
        return token().map(JsonWebToken::getSubject).isPresent();
    }

    public Owner owner() {
        if (owner == null) {
            JsonWebToken token = token().orElseThrow(() -> new IllegalStateException("no verified token"));
            Object tenant = token.getClaim(tenantClaim);
            owner = new Owner(token.getSubject(), tenant == null ? "" : tenant.toString().replace("\"", ""));
        }
        return owner;
    }

    public boolean isAdmin() {
        return token().map(JsonWebToken::getGroups).map(groups -> groups.contains("admin")).orElse(false);
    }

    private Optional<JsonWebToken> token() {
        return request.getUserPrincipal() instanceof JsonWebToken token ? Optional.of(token) : Optional.empty();
    }
}
