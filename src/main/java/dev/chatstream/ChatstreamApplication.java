package dev.chatstream;

import dev.chatstream.apikeys.boundary.ApiKeysResource;
import dev.chatstream.apikeys.boundary.TooManyKeysMapper;
import dev.chatstream.assistants.boundary.AssistantsResource;
import dev.chatstream.auth.boundary.AuthConfigResource;
import dev.chatstream.auth.boundary.DevTokenResource;
import dev.chatstream.auth.boundary.RequireToken;
import dev.chatstream.chat.boundary.ChatResource;
import dev.chatstream.chat.boundary.StreamHeaders;
import dev.chatstream.chat.boundary.StreamsResource;
import dev.chatstream.platform.boundary.ApiExceptionMapper;
import dev.chatstream.platform.boundary.BodySizeLimit;
import dev.chatstream.platform.boundary.InvalidInputMapper;
import dev.chatstream.platform.boundary.JsonBodyReader;
import dev.chatstream.platform.boundary.OverloadedMapper;
import dev.chatstream.platform.boundary.SnakeCaseJson;
import dev.chatstream.platform.boundary.UnexpectedExceptionMapper;
import dev.chatstream.platform.boundary.UnreadableBodyMapper;
import dev.chatstream.platform.boundary.WebApplicationExceptionMapper;
import dev.chatstream.sessions.boundary.MessageNotFoundMapper;
import dev.chatstream.sessions.boundary.MessagesResource;
import dev.chatstream.sessions.boundary.ReplyStillStreamingMapper;
import dev.chatstream.sessions.boundary.SessionNotFoundMapper;
import dev.chatstream.sessions.boundary.SessionsResource;
import dev.chatstream.sessions.boundary.UploadNotFoundMapper;
import dev.chatstream.uploads.boundary.ImageRefusedMapper;
import dev.chatstream.uploads.boundary.UploadsResource;
import dev.chatstream.usage.boundary.UsageResource;
import dev.chatstream.models.boundary.ModelChoicesResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * chatstream's own REST API, under {@code /api}. Every resource needs a valid bearer token (a JWT or a personal API
 * key, verified by {@link dev.chatstream.auth.boundary.BearerTokenFilter}) unless it is marked public (see
 * {@link dev.chatstream.auth.boundary.Public}). Its classes are listed, not scanned: the WAR holds a second API,
 * {@link OpenAiApplication}, whose resources and error shape are not this one's.
 */
@ApplicationPath("api")
public class ChatstreamApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                // resources
                AssistantsResource.class, AuthConfigResource.class, DevTokenResource.class, ApiKeysResource.class,
                ChatResource.class, StreamsResource.class, SessionsResource.class, MessagesResource.class,
                UsageResource.class, ModelChoicesResource.class, UploadsResource.class,
                // errors in chatstream's shape
                ApiExceptionMapper.class, InvalidInputMapper.class, OverloadedMapper.class, SessionNotFoundMapper.class,
                MessageNotFoundMapper.class, ReplyStillStreamingMapper.class, UploadNotFoundMapper.class, ImageRefusedMapper.class,
                TooManyKeysMapper.class, UnexpectedExceptionMapper.class, UnreadableBodyMapper.class,
                WebApplicationExceptionMapper.class,
                // the rest of the request and response path
                RequireToken.class, BodySizeLimit.class, JsonBodyReader.class, SnakeCaseJson.class, StreamHeaders.class);
    }
}
