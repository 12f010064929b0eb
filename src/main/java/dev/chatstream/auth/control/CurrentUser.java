package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Owner;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, as its verified token says. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken token;

    @Inject
    @ConfigProperty(name = "chatstream.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    /** Whether the request carried a verified token at all. */
    public boolean authenticated() {
        return token.getSubject() != null;
    }

    public Owner owner() {
        Object tenant = token.getClaim(tenantClaim);
        return new Owner(token.getSubject(), tenant == null ? "" : tenant.toString().replace("\"", ""));
    }

    public boolean isAdmin() {
        return token.getGroups() != null && token.getGroups().contains("admin");
    }
}
