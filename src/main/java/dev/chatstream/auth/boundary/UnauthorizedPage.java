package dev.chatstream.auth.boundary;

import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.platform.boundary.SnakeCaseJson;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's MP-JWT mechanism refuses a bad token (expired, wrong signature or issuer) before JAX-RS
 * runs; web.xml sends that 401 here so that it carries the same JSON error as every other refusal.
 */
@WebServlet("/errors/unauthorized")
public class UnauthorizedPage extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(SnakeCaseJson.jsonb().toJson(
                ErrorBody.of("unauthorized", "The bearer token is invalid or expired", null)));
    }
}
