package dev.chatstream.models.control;

import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.platform.entity.Causes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** Classifies what the SDK or the body reader threw into the failures users and retry policies understand. */
final class UpstreamErrors {

    private UpstreamErrors() {
    }

    static ModelFailure classify(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ModelFailure failure) {
            return failure;
        }
        if (cause instanceof OpenAIServiceException http) {
            return fromStatus(http);
        }
        if (cause instanceof OpenAIIoException || cause instanceof IOException) { // the call's, or the body's (ChunkReader)
            if (Causes.include(cause, InterruptedIOException.class)) {
                return new ModelFailure(Code.UPSTREAM_TIMEOUT, "The model did not answer in time", null, cause);
            }
            return new ModelFailure(Code.UPSTREAM_UNAVAILABLE, "The model could not be reached: " + rootMessage(cause), null, cause);
        }
        if (cause instanceof OpenAIInvalidDataException invalid) {
            return new ModelFailure(Code.UPSTREAM_INVALID_RESPONSE, "The model sent a response that could not be read", null, invalid);
        }
        return new ModelFailure(Code.INTERNAL, "The model call failed: " + rootMessage(cause), null, cause);
    }

    private static ModelFailure fromStatus(OpenAIServiceException http) {
        int status = http.statusCode();
        if (status == 429) {
            return new ModelFailure(Code.RATE_LIMITED, "The model provider is rate limiting requests",
                    retryAfter(http), http);
        }
        if (status == 408 || status == 504) {
            return new ModelFailure(Code.UPSTREAM_TIMEOUT, "The model provider timed out (HTTP " + status + ")", null, http);
        }
        if (status >= 500) {
            return new ModelFailure(Code.UPSTREAM_UNAVAILABLE, "The model provider failed (HTTP " + status + ")",
                    retryAfter(http), http);
        }
        return new ModelFailure(Code.UPSTREAM_REJECTED, "The model provider refused the request (HTTP " + status + "): "
                + http.getMessage(), null, http);
    }

    private static Duration retryAfter(OpenAIServiceException http) {
        return http.headers().values("Retry-After").stream().findFirst().flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException httpDate) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = Causes.root(error);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
