package dev.chatstream.platform.boundary;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An error a client caused or must know about, answered as {@code {"error": {"code", "message", "field"?}}}.
 * Thrown from anywhere before a stream has started; {@link ApiExceptionMapper} renders it.
 */
public class ApiException extends RuntimeException {

    private final Response.StatusType status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(Response.StatusType status, String code, String message, String field, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(Response.Status.BAD_REQUEST, "invalid_request", message, field, Map.of());
    }

    public static ApiException tooLarge(String field, String message) {
        return new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", message, field, Map.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(Response.Status.NOT_FOUND, "not_found", what + " not found", null, Map.of());
    }

    public static ApiException forbidden(String field, String message) {
        return new ApiException(Response.Status.FORBIDDEN, "forbidden", message, field, Map.of());
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(Response.Status.UNAUTHORIZED, "unauthorized", message, null,
                Map.of("WWW-Authenticate", "Bearer"));
    }

    public Response.StatusType status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
