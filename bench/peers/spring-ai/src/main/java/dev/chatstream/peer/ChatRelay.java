package dev.chatstream.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.concurrent.CompletionException;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * chatstream's {@code POST /api/v1/chat/stream} as far as the load generator reads it: the model's reply to
 * {@code message}, streamed through Spring AI's {@link ChatClient} as chatstream's events ({@code start}, one
 * {@code content} per piece, {@code done}, or {@code error}; ids 1..n). Nothing else: no token is checked, nothing
 * is saved, there are no sessions (a {@code session_id} sent is ignored) and no title is generated.
 */
@RestController
class ChatRelay {

    private final ChatClient chat;

    ChatRelay(ChatClient.Builder chat) {
        this.chat = chat.build();
    }

    record ChatRequest(String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String type, String content, String code) {

        static Event of(String type) {
            return new Event(type, null, null);
        }
    }

    @PostMapping(path = "/api/v1/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Event>> stream(@RequestBody ChatRequest request) {
        Flux<Event> reply = chat.prompt().user(request.message()).stream().content()
                .map(piece -> new Event("content", piece, null))
                .concatWith(Mono.just(Event.of("done")))
                .onErrorResume(error -> Mono.just(new Event("error", null, reason(error))));
        return Flux.concat(Mono.just(Event.of("start")), reply)
                .index((index, event) -> ServerSentEvent.builder(event).id(Long.toString(index + 1)).build());
    }

    /** The failure as the OpenAI SDK names it (its asynchronous client wraps it in a CompletionException). */
    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }
}
