package dev.chatstream.web.boundary;

import dev.chatstream.auth.control.WebSignIn;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A strict Content-Security-Policy on every response: the chat page runs only scripts and styles from this
 * server, talks only to this server and cannot be framed, so text that slipped past sanitising still could
 * not run. With an identity provider configured for the page ({@code chatstream.web.oidc.authority}), the
 * page may also connect to that one origin (discovery, token endpoint, keys). Versioned library files under
 * {@code /webjars/} are cached for good; the page's own files are revalidated on every load.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

    static final String CONTENT_SECURITY_POLICY = policy("");

    @Inject
    WebSignIn signIn;

    private String contentSecurityPolicy;

    @Override
    public void init() {
        contentSecurityPolicy = signIn.oidcOrigin().map(origin -> policy(" " + origin)).orElse(CONTENT_SECURITY_POLICY);
    }

    static String policy(String moreConnectSources) {
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob:",
                "font-src 'self'",
                "connect-src 'self'" + moreConnectSources,
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/webjars/")) {
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        } else if (!path.startsWith("/api/")) {
            response.setHeader("Cache-Control", "no-cache");
        }
        chain.doFilter(request, response);
    }
}
