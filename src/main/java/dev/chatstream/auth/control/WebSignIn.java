package dev.chatstream.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the chat page signs its user in: with a dev token in the embedded default, through the identity
 * provider with OpenID Connect (authorization code + PKCE in the browser) when {@code chatstream.web.oidc.*}
 * names it, or else with a token the host application hands over ({@code #token=}).
 */
@ApplicationScoped
public class WebSignIn {

    public enum Mode {
        DEV, OIDC, EXTERNAL
    }

    /** What the page needs to talk to the identity provider; no secret: the page is a public client. */
    public record Oidc(String authority, String clientId, String scope) {
    }

    @Inject
    DevTokens devTokens;

    @Inject
    @ConfigProperty(name = "chatstream.web.oidc.authority")
    Optional<String> authority;

    @Inject
    @ConfigProperty(name = "chatstream.web.oidc.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "chatstream.web.oidc.scope", defaultValue = "openid profile email")
    String scope;

    /** The identity provider's settings, when both the authority and the client id are set. */
    public Optional<Oidc> oidc() {
        String issuer = authority.map(String::strip).orElse("");
        String client = clientId.map(String::strip).orElse("");
        if (issuer.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Oidc(issuer, client, scope.isBlank() ? "openid" : scope.strip()));
    }

    /** The identity provider's origin, which the page's Content-Security-Policy must let it connect to. */
    public Optional<String> oidcOrigin() {
        return oidc().flatMap(settings -> {
            try {
                URI uri = URI.create(settings.authority());
                if (uri.getHost() == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    return Optional.empty();
                }
                return Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Configured OpenID Connect settings come first: they are the operator's explicit choice for the page. */
    public Mode mode() {
        if (oidc().isPresent()) {
            return Mode.OIDC;
        }
        return devTokens.enabled() ? Mode.DEV : Mode.EXTERNAL;
    }
}
