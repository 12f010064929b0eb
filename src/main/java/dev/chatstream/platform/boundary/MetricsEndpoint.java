package dev.chatstream.platform.boundary;

import dev.chatstream.platform.control.Metrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics}: chatstream's metrics for Prometheus, public like the health checks (docs/operations.md). */
@WebServlet("/metrics")
public class MetricsEndpoint extends HttpServlet {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Metrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PROMETHEUS_TEXT);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(metrics.scrape());
    }
}
