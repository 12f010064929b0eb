package dev.chatstream;

import dev.chatstream.auth.boundary.RequireToken;
import dev.chatstream.chat.boundary.StreamHeaders;
import dev.chatstream.openai.boundary.ChatCompletionsResource;
import dev.chatstream.openai.boundary.ModelsResource;
import dev.chatstream.openai.boundary.OpenAiErrors;
import dev.chatstream.platform.boundary.BodySizeLimit;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI-compatible API under {@code /openai} (docs/openai.md): OpenAI's paths, wire format and error shape,
 * with chatstream's authentication, limits and storage.
 */
@ApplicationPath("openai")
public class OpenAiApplication extends Application {

    /**
     * Jersey (Payara) buffers a response's first 8 KB to set its Content-Length, and flushing does not end that: a
     * streamed completion would reach the client all at once at its end. The other servers' JAX-RS runtimes do not
     * know the key.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.contentLength.buffer", 0);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ChatCompletionsResource.class, ModelsResource.class, OpenAiErrors.class,
                RequireToken.class, BodySizeLimit.class, StreamHeaders.class);
    }
}
