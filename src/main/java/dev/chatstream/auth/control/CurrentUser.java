package dev.chatstream.auth.control;

import dev.chatstream.auth.entity.Caller;
import dev.chatstream.auth.entity.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The caller of the current request, as its verified token says. The bearer-token filter keeps the {@link Caller}
 * as a request attribute: the request CDI injects is the one the container received, not the filter's wrapper, so
 * its principal would be empty, while attributes are shared by both.
 */
@ApplicationScoped
public class CurrentUser {

    public static final String CALLER = Caller.class.getName();

    @Inject
    HttpServletRequest request;

    /** Whether the request carried a verified token at all. */
    public boolean authenticated() {
        return caller().isPresent();
    }

    public Owner owner() {
        return caller().orElseThrow(() -> new IllegalStateException("no verified token")).owner();
    }

    public boolean isAdmin() {
        return caller().map(Caller::admin).orElse(false);
    }

    /** Whether the request came with a personal API key rather than a JWT. */
    public boolean viaApiKey() {
        return caller().map(Caller::viaApiKey).orElse(false);
    }

    /** The verified caller, if the request carried a token. */
    public Optional<Caller> caller() {
        return request.getAttribute(CALLER) instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }
}
