package dev.chatstream.models.control;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Cancels upstream HTTP calls at once. The SDK's {@code close()} neither cancels a call still waiting for
 * response headers nor reliably one that stalls, so each streaming request carries a header naming its
 * {@link Handle}; this interceptor strips it and records OkHttp's {@link Call}, which {@link Handle#cancel()}
 * cancels — closing the socket whatever state the call is in.
 */
final class UpstreamCalls implements Interceptor {

    static final String HEADER = "X-Chatstream-Call";

    /** One upstream call, cancellable before it starts, while it waits for headers, or while it streams. */
    final class Handle {
        private final String id = UUID.randomUUID().toString();
        private volatile Call call;
        private volatile boolean cancelled;

        String id() {
            return id;
        }

        void cancel() {
            cancelled = true;
            Call started = call;
            if (started != null) {
                started.cancel();
            }
            handles.remove(id);
        }

        void finished() {
            handles.remove(id);
        }
    }

    private final Map<String, Handle> handles = new ConcurrentHashMap<>();

    Handle open() {
        Handle handle = new Handle();
        handles.put(handle.id, handle);
        return handle;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String id = request.header(HEADER);
        if (id == null) {
            return chain.proceed(request);
        }
        Handle handle = handles.get(id);
        if (handle != null) {
            handle.call = chain.call();
            if (handle.cancelled) {
                chain.call().cancel();
            }
        }
        return chain.proceed(request.newBuilder().removeHeader(HEADER).build());
    }
}
