package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.InvalidInput;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads the API's JSON request bodies with its own binding ({@link SnakeCaseJson}), so that a body which is not
 * JSON of the expected shape is a 400 on every server: Jersey wraps JSON-B's failure, RESTEasy lets it through
 * as a server error. An empty body reads as none; each resource says whether it needs one.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements MessageBodyReader<Object> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getName().startsWith("dev.chatstream.");
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        try {
            PushbackInputStream body = new PushbackInputStream(entity, 1);
            int first = body.read();
            if (first < 0) {
                return null;
            }
            body.unread(first);
            return SnakeCaseJson.jsonb().fromJson(body, genericType);
        } catch (IOException | RuntimeException e) {
            InvalidInput tooLarge = BoundedBody.refusal(e);
            if (tooLarge != null) {
                throw tooLarge;
            }
            if (e instanceof JsonbException) {
                throw new BadRequestException(e);
            }
            throw e;
        }
    }
}
