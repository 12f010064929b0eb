package dev.chatstream.chat.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Marks when the container has finished dispatching an API request. Jersey takes an {@code SseEventSink}'s
 * response over only after the resource method has returned; a writer thread that closed its sink before that
 * — a reply already over, replayed at once — lost the whole response ("Response is closed", an empty body).
 * {@link SseSubscriber} therefore starts writing once this request's dispatch has returned.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class SseDispatch extends HttpFilter {

    private static final String DISPATCHED = SseDispatch.class.getName();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CompletableFuture<Void> dispatched = new CompletableFuture<>();
        request.setAttribute(DISPATCHED, dispatched);
        try {
            chain.doFilter(request, response);
        } finally {
            dispatched.complete(null);
        }
    }

    /** Completes when {@code request}'s dispatch has returned (at once outside this filter). */
    static CompletableFuture<?> of(HttpServletRequest request) {
        return request.getAttribute(DISPATCHED) instanceof CompletableFuture<?> dispatched
                ? dispatched : CompletableFuture.completedFuture(null);
    }
}
