package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, as its verified token says. The token is the request's principal
 * (MP-JWT makes the verified {@link JsonWebToken} the caller principal); it is read from the request rather
 * than injected, because Payara resolves an injected token through a JNDI lookup on every request. The
 * {@link Owner} is kept on the request, so this bean is created once, not per request (a request-scoped
 * bean here cost a bean instance and a configuration lookup on every call).
 */
@ApplicationScoped
public class CurrentUser {

    private static final String OWNER = Owner.class.getName();

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "chatstream.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    /** Whether the request carried a verified token at all. */
    public boolean authenticated() {
        return token().map(JsonWebToken::getSubject).isPresent();
    }

    public Owner owner() {
        if (request.getAttribute(OWNER) instanceof Owner known) {
            return known;
        }
        JsonWebToken token = token().orElseThrow(() -> new IllegalStateException("no verified token"));
        Object tenant = token.getClaim(tenantClaim);
        Owner owner = new Owner(token.getSubject(), tenant == null ? "" : tenant.toString().replace("\"", ""));
        request.setAttribute(OWNER, owner);
        return owner;
    }

    public boolean isAdmin() {
        return token().map(JsonWebToken::getGroups).map(groups -> groups.contains("admin")).orElse(false);
    }

    private Optional<JsonWebToken> token() {
        return request.getUserPrincipal() instanceof JsonWebToken token ? Optional.of(token) : Optional.empty();
    }
}
