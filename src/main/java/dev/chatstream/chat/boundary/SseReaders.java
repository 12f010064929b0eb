package dev.chatstream.chat.boundary;

import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.platform.control.BackgroundThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the reader of an SSE connection, each with its own bounded queue and a writer while events wait. */
@ApplicationScoped
class SseReaders {

    @Inject
    BackgroundThreads threads;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "chatstream.stream.reader-buffer", defaultValue = "4096")
    int capacity;

    /** Called on the request's thread. */
    Subscriber reader(SseEventSink sink, Sse sse) {
        return new SseSubscriber(sink, sse, capacity, SseDispatch.of(request), threads.contextFree());
    }
}
