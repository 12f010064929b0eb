package dev.chatstream.models.control;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponse;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelRequest;
import dev.chatstream.platform.control.BackgroundThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Any OpenAI-compatible provider through the official openai-java async client. The SDK sends each request and
 * checks its response status; a stream's body is then read by {@link ChunkReader} on a virtual thread of its own
 * (reading is blocking), so thousands of streams cost no platform threads.
 * The SDK's own retries are off: {@code ModelCalls} owns the retry policy with MicroProfile Fault Tolerance.
 * <p>
 * The HTTP client is ours, not the SDK's default: OkHttp's dispatcher would let only 64 requests wait for
 * response headers at once (chatstream's admission limits bound concurrency instead), and a pool of 5 idle
 * connections would make most streams to a plain-HTTP provider open a new connection.
 */
public class OpenAiChatModel implements ChatModel, AutoCloseable {

    public record Settings(String baseUrl, String apiKey, String defaultModel,
                           Duration connectTimeout, Duration idleTimeout, Duration requestTimeout,
                           int idleConnections) {
    }

    private static final Duration KEEP_IDLE_CONNECTIONS = Duration.ofMinutes(5);
    private static final Duration SWEEP_SILENT_STREAMS = Duration.ofSeconds(1);

    private final OpenAIClientAsync client;
    private final OkHttpClient http;
    private final ExecutorService dispatcherThreads;
    private final Executor bodyReaders;
    private final ChunkReader chunkReader;
    private final String defaultModel;
    private final UpstreamCalls calls = new UpstreamCalls();
    private final SilentStreams silentStreams;
    private final ScheduledFuture<?> silenceSweep;
    private final RequestOptions streaming;

    /** Each stream's blocking body reader runs on one of {@code threads}' virtual threads. */
    public OpenAiChatModel(Settings settings, BackgroundThreads threads) {
        this.defaultModel = settings.defaultModel();
        this.bodyReaders = threads.executor();
        this.silentStreams = new SilentStreams(settings.idleTimeout());
        this.silenceSweep = threads.every(SWEEP_SILENT_STREAMS, silentStreams::sweep);
        // a stream's silence is watched by silentStreams, not by a read timeout (see there); a title's call keeps it
        this.streaming = RequestOptions.builder().timeout(timeouts(settings, Duration.ZERO)).build();
        this.dispatcherThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("okhttp-", 0).factory());
        Dispatcher dispatcher = new Dispatcher(dispatcherThreads);
        dispatcher.setMaxRequests(Integer.MAX_VALUE);
        dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(settings.idleConnections(), KEEP_IDLE_CONNECTIONS.toMinutes(),
                        TimeUnit.MINUTES))
                .retryOnConnectionFailure(false) // a silent resend would start a second generation upstream
                .followRedirects(false)          // and never carry the API key elsewhere
                .build();
        JsonMapper json = sharingBuffers(ObjectMappers.jsonMapper());
        this.chunkReader = new ChunkReader(json.getFactory());
        this.client = OpenAIOkHttpClientAsync.builder()
                .okHttpClient(http)
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .maxRetries(0)
                .timeout(timeouts(settings, settings.idleTimeout()))
                // ChunkReader reads the streams; should the SDK's own handler ever stream, it runs on virtual threads
                .streamHandlerExecutor(bodyReaders)
                .addInterceptor(calls)
                .jsonMapper(json)
                .disableTelemetry(true)
                .build();
    }

    /**
     * The SDK's JSON mapper with Jackson's parsing buffers in one bounded pool for all threads. By default
     * Jackson keeps them per thread, and each stream is read on a virtual thread of its own: every open stream
     * held some 8 KB of buffers that no other stream could use (docs/performance.md).
     */
    private static JsonMapper sharingBuffers(JsonMapper sdkMapper) {
        JsonMapper mapper = sdkMapper.copy();
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedBoundedPool());
        return mapper;
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    @Override
    public ModelStream stream(ModelRequest request, StreamListener listener) {
        UpstreamCalls.Handle call = calls.open();
        ChatCompletionCreateParams params = params(request)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalHeader(UpstreamCalls.HEADER, call.id())
                .build();
        ChunkRelay relay = new ChunkRelay(request.model(), listener, call::cancel, ended -> {
            silentStreams.forget(ended);
            call.finished();
        });
        silentStreams.watch(relay);
        client.withRawResponse().chat().completions().createStreaming(params, streaming)
                .whenCompleteAsync((response, error) -> relayBody(response, error, relay), bodyReaders);
        return relay::cancel;
    }

    /** Runs on a virtual thread once the response headers are in (or the call failed), until the body ends. */
    private void relayBody(HttpResponse response, Throwable callError, ChunkRelay relay) {
        Throwable failure = callError;
        if (response != null) {
            try (response) {
                chunkReader.read(response.body(), relay::onNext);
            } catch (Throwable e) { // as the SDK's handler did: whatever stopped the read, the reply must end
                failure = e;
            }
        }
        relay.onComplete(Optional.ofNullable(failure));
    }

    @Override
    public String complete(ModelRequest request) {
        try {
            ChatCompletion completion = client.chat().completions().create(params(request).build()).join();
            return completion.choices().stream()
                    .flatMap(choice -> choice.message().content().stream())
                    .findFirst()
                    .orElseThrow(() -> new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE,
                            "The model returned no text"));
        } catch (CompletionException e) {
            throw UpstreamErrors.classify(e.getCause());
        }
    }

    private static Timeout timeouts(Settings settings, Duration read) {
        return Timeout.builder()
                .connect(settings.connectTimeout())
                .read(read)
                .write(settings.idleTimeout())
                .request(settings.requestTimeout())
                .build();
    }

    private static ChatCompletionCreateParams.Builder params(ModelRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(request.model());
        for (ModelMessage message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> params.addSystemMessage(message.content());
                case USER -> {
                    if (message.images().isEmpty()) {
                        params.addUserMessage(message.content());
                    } else {
                        params.addUserMessageOfArrayOfContentParts(contentParts(message));
                    }
                }
                case ASSISTANT -> params.addAssistantMessage(message.content());
            }
        }
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        if (request.maxTokens() != null) {
            params.maxTokens(request.maxTokens().longValue());
        }
        if (request.reasoningEffort() != null) {
            params.reasoningEffort(ReasoningEffort.of(request.reasoningEffort().wire()));
        }
        if (request.topP() != null) {
            params.topP(request.topP());
        }
        if (!request.stop().isEmpty()) {
            params.stopOfStrings(request.stop());
        }
        return params;
    }

    /** A message with images as OpenAI's content parts: its text (if any), then each image as a {@code data:} URL. */
    static List<ChatCompletionContentPart> contentParts(ModelMessage message) {
        List<ChatCompletionContentPart> parts = new ArrayList<>(message.images().size() + 1);
        if (!message.content().isEmpty()) {
            parts.add(ChatCompletionContentPart.ofText(
                    ChatCompletionContentPartText.builder().text(message.content()).build()));
        }
        for (ModelMessage.Image image : message.images()) {
            parts.add(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(image.dataUrl()).build())
                    .build()));
        }
        return parts;
    }

    @Override
    public Connections connections() {
        int idle = http.connectionPool().idleConnectionCount();
        return new Connections(Math.max(0, http.connectionPool().connectionCount() - idle), idle);
    }

    /** The SDK does not close an HTTP client it was given: its threads and connections are closed here. */
    @Override
    public void close() {
        silenceSweep.cancel(false);
        client.close();
        dispatcherThreads.shutdownNow();
        http.connectionPool().evictAll();
    }
}
