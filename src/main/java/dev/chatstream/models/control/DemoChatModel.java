package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.ModelRequest;
import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in model of the embedded default: no provider, no key. It streams a short, clearly labelled
 * reply word by word at a realistic pace, so a newcomer sees streaming work at once.
 */
public class DemoChatModel implements ChatModel {

    public static final String NAME = "demo";
    private static final Pattern WORD = Pattern.compile("\\S+\\s*|\\s+");

    private final Executor threads;
    private final Duration interval;
    private final TokenCounter tokens;

    public DemoChatModel(Executor threads, Duration interval, TokenCounter tokens) {
        this.threads = threads;
        this.interval = interval;
        this.tokens = tokens;
    }

    @Override
    public String defaultModel() {
        return NAME;
    }

    @Override
    public ModelStream stream(ModelRequest request, StreamListener listener) {
        List<String> pieces = pieces(replyTo(request.lastUserMessage(),
                request.messages().get(request.messages().size() - 1).images().size()));
        Thread[] worker = new Thread[1];
        Object started = new Object();
        threads.execute(() -> {
            synchronized (started) {
                worker[0] = Thread.currentThread();
            }
            try {
                listener.onOpen();
                for (String piece : pieces) {
                    Thread.sleep(interval);
                    listener.onContent(piece);
                }
                listener.onComplete(new ModelReply(NAME, "stop", usage(request, String.join("", pieces))));
            } catch (InterruptedException cancelled) {
                Thread.currentThread().interrupt();
            }
        });
        return () -> {
            synchronized (started) {
                if (worker[0] != null) {
                    worker[0].interrupt();
                }
            }
        };
    }

    @Override
    public String complete(ModelRequest request) {
        String text = request.lastUserMessage().strip();
        return text.length() <= 30 ? text : text.substring(0, 30).strip() + "…";
    }

    private static String replyTo(String message, int images) {
        String quoted = message.length() > 120 ? message.substring(0, 120) + "…" : message;
        String seen = images == 0 ? "" : " I got " + images + (images == 1 ? " image" : " images")
                + " with it, but cannot look at images.";
        return "This is the **demo model**: no AI provider is configured, so I can only echo you. You wrote: \""
                + quoted + "\"." + seen + " Set OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL to talk to a real model.";
    }

    private TokenUsage usage(ModelRequest request, String reply) {
        int prompt = 0;
        for (ModelMessage message : request.messages()) {
            prompt += tokens.countMessage(message.content());
        }
        return TokenUsage.of(prompt, tokens.count(reply));
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            pieces.add(words.group());
        }
        return pieces;
    }
}
