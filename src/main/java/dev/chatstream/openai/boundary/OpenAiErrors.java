package dev.chatstream.openai.boundary;

import dev.chatstream.apikeys.boundary.TooManyKeysMapper;
import dev.chatstream.apikeys.control.TooManyKeys;
import dev.chatstream.openai.entity.Completions;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.boundary.ApiExceptionMapper;
import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.platform.boundary.InvalidInputMapper;
import dev.chatstream.platform.boundary.OverloadedMapper;
import dev.chatstream.platform.boundary.UnexpectedExceptionMapper;
import dev.chatstream.platform.boundary.UnreadableBodyMapper;
import dev.chatstream.platform.boundary.WebApplicationExceptionMapper;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Overloaded;
import dev.chatstream.sessions.boundary.SessionNotFoundMapper;
import dev.chatstream.sessions.control.SessionNotFound;
import jakarta.json.JsonException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Every refusal of the OpenAI-compatible API in OpenAI's error shape, {@code {"error": {"message", "type", "param",
 * "code"}}}, with the status codes the SDKs map to their exception classes (and {@code Retry-After}, which their
 * built-in retry honours). The status, message and headers are those the rest of the API answers; only the shape
 * and the names of parameters and codes are OpenAI's.
 */
@Provider
public class OpenAiErrors implements ExceptionMapper<Throwable> {

    /** chatstream's names of the fields it refuses, as an OpenAI client knows them. */
    private static final Map<String, String> PARAMS = Map.of(
            "message", "messages",
            "assistant", "model",
            "session_id", "X-Chatstream-Session");

    /** chatstream's error codes that an OpenAI client knows by another name. */
    private static final Map<String, String> CODES = Map.of(
            "unauthorized", "invalid_api_key",
            "rate_limited", "rate_limit_exceeded",
            "too_many_generations", "rate_limit_exceeded",
            "invalid_request", "invalid_request_error",
            "not_found", "not_found");

    @Override
    public Response toResponse(Throwable failure) {
        Response ours = switch (failure) {
            case ModelNotFound unknown -> openAi(404, Response.status(404), unknown.getMessage(), "model", "model_not_found");
            case InvalidInput invalid -> new InvalidInputMapper().toResponse(invalid);
            case ApiException refused -> new ApiExceptionMapper().toResponse(refused);
            case Overloaded busy -> new OverloadedMapper().toResponse(busy);
            case SessionNotFound missing -> new SessionNotFoundMapper().toResponse(missing);
            case TooManyKeys many -> new TooManyKeysMapper().toResponse(many);
            case WebApplicationException web -> new WebApplicationExceptionMapper().toResponse(web);
            case ProcessingException unreadable -> new UnreadableBodyMapper().toResponse(unreadable);
            // the body is read as JSON-P here: a body that is not JSON fails in the server's JSON-P reader
            case JsonException unreadable -> new UnreadableBodyMapper().toResponse(new ProcessingException(unreadable));
            case Exception unexpected -> new UnexpectedExceptionMapper().toResponse(unexpected);
            default -> new UnexpectedExceptionMapper().toResponse(new IllegalStateException(failure));
        };
        if (!(ours.getEntity() instanceof ErrorBody body)) {
            return ours;
        }
        Response.ResponseBuilder answer = Response.status(ours.getStatus());
        ours.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        String field = body.error().field();
        String code = body.error().code();
        return openAi(ours.getStatus(), answer, body.error().message(), field == null ? null : PARAMS.getOrDefault(field, field),
                CODES.getOrDefault(code, code));
    }

    /** The error shape, as a stream's last {@code data:} line carries it too. */
    static String body(int status, String message, String param, String code) {
        return Completions.error(message, type(status), param, code).toString();
    }

    private static Response openAi(int status, Response.ResponseBuilder response, String message, String param,
                                   String code) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body(status, message, param, code)).build();
    }

    /** OpenAI's error types by status. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404, 400, 409, 413, 415, 422 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            case 503 -> "service_unavailable_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
