package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.models.control.TokenCounter;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.control.Turn.PastMessage;
import dev.chatstream.sessions.entity.MessageRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which history goes into a prompt, by the token counts stored with the messages or counted when missing. */
class PromptBuilderTest {

    private final TokenCounter counter = new TokenCounter();
    private final PromptBuilder prompts = new PromptBuilder();
    private final Assistant tiny = new Assistant("tiny", "Tiny", "", "Brief.", "", null, null, 50, 60, 200_000);

    PromptBuilderTest() {
        prompts.tokens = counter;
    }

    private PastMessage counted(MessageRole role, String content) {
        return new PastMessage(role, content, counter.count(content));
    }

    private List<ModelMessage> prompt(List<PastMessage> history, String message) {
        return prompts.prompt(tiny, history, message, prompts.checkFits(tiny, message));
    }

    @Test
    void keepsTheNewestWholeMessagesThatFitTheBudget() {
        List<PastMessage> history = List.of(
                counted(MessageRole.USER, "an older question that takes up quite a few tokens. ".repeat(4)),
                counted(MessageRole.ASSISTANT, "a short answer"),
                counted(MessageRole.USER, "and a second question"));

        List<ModelMessage> sent = prompt(history, "the new one");

        assertEquals(List.of(ModelMessage.system("Brief."), ModelMessage.assistant("a short answer"),
                ModelMessage.user("and a second question"), ModelMessage.user("the new one")), sent);
    }

    @Test
    void countsMessagesStoredWithoutACountTheSameWay() {
        List<PastMessage> stored = List.of(
                counted(MessageRole.USER, "an older question that takes up quite a few tokens of the small budget"),
                counted(MessageRole.ASSISTANT, "a short answer"));
        List<PastMessage> uncounted = stored.stream()
                .map(past -> new PastMessage(past.role(), past.content(), null)).toList();

        assertEquals(prompt(stored, "the new one"), prompt(uncounted, "the new one"));
    }

    @Test
    void trustsTheStoredCountInsteadOfCountingAgain() {
        List<PastMessage> history = List.of(new PastMessage(MessageRole.ASSISTANT, "short", 1_000));

        assertEquals(List.of(ModelMessage.system("Brief."), ModelMessage.user("hi")), prompt(history, "hi"),
                "a message stored as 1,000 tokens does not fit a 60-token budget, however short its text");
    }

    @Test
    void refusesAMessageThatCannotFitEvenAlone() {
        assertThrows(InvalidInput.class, () -> prompts.checkFits(tiny, "word ".repeat(100)));
        assertEquals(counter.count("the new one"), prompts.checkFits(tiny, "the new one"));
    }
}
