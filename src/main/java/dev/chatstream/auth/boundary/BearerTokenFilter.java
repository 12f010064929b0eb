package dev.chatstream.auth.boundary;

import dev.chatstream.auth.control.Authentication;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.control.InvalidTokenException;
import dev.chatstream.auth.control.KeysUnavailableException;
import dev.chatstream.auth.control.PersonalKeys;
import dev.chatstream.auth.entity.Caller;
import dev.chatstream.platform.boundary.ApiException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies the {@code Authorization: Bearer} token of every API request before JAX-RS sees it: a JWT, or a personal
 * API key ({@code cs_…}, verified by {@link PersonalKeys}). A valid token makes its {@link Caller} the request's
 * principal. A token that does not verify is refused with 401 and {@code WWW-Authenticate: Bearer
 * error="invalid_token"}, whatever the resource; {@link RequireToken} throws that refusal, so that it is answered in
 * the error shape of the API asked. A request without a token goes on: {@link RequireToken} refuses it unless its
 * resource is {@link Public}.
 */
@WebFilter(urlPatterns = {"/api/*", "/openai/*"}, asyncSupported = true)
public class BearerTokenFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class.getName());
    private static final String SCHEME = "Bearer ";
    /** The request attribute holding why its token was refused (an {@link ApiException}). */
    public static final String REFUSAL = BearerTokenFilter.class.getName() + ".refusal";

    @Inject
    Authentication authentication;

    @Inject
    PersonalKeys personalKeys;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller;
        try {
            if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                throw new InvalidTokenException("The Authorization header must be \"Bearer <token>\"");
            }
            String token = header.substring(SCHEME.length()).strip();
            caller = PersonalKeys.looksLikeOne(token)
                    ? personalKeys.verify(token, request.getRequestURI().substring(request.getContextPath().length()))
                    : authentication.verify(token);
        } catch (InvalidTokenException refused) {
            // the reason only: neither a token nor an API key is ever written to the log
            LOG.fine(() -> "Refused a bearer token from " + request.getRemoteAddr() + ": " + refused.getMessage());
            refuse(request, response, chain, new ApiException(Response.Status.UNAUTHORIZED, "unauthorized",
                    refused.getMessage(), null, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
            return;
        } catch (KeysUnavailableException unavailable) {
            LOG.log(Level.WARNING, unavailable.getMessage(), unavailable);
            refuse(request, response, chain, new ApiException(Response.Status.SERVICE_UNAVAILABLE, "auth_unavailable",
                    "Tokens cannot be verified right now: " + unavailable.publicReason(), null, Map.of()));
            return;
        }
        request.setAttribute(CurrentUser.CALLER, caller);
        chain.doFilter(new Authenticated(request, caller), response);
    }

    /**
     * Leaves the refusal to {@link RequireToken}, which throws it before any resource runs, so that each API
     * answers it in its own error shape (the OpenAI-compatible API in OpenAI's).
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                               ApiException refusal) throws IOException, ServletException {
        request.setAttribute(REFUSAL, refusal);
        chain.doFilter(request, response);
    }

    /** The request as the application sees it after verification: the caller is its principal. */
    private static final class Authenticated extends HttpServletRequestWrapper {

        private final Caller caller;

        Authenticated(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public String getRemoteUser() {
            return caller.getName();
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }

        @Override
        public boolean isUserInRole(String role) {
            return "user".equals(role) || "admin".equals(role) && caller.admin();
        }
    }
}
