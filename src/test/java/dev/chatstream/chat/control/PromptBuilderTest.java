package dev.chatstream.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.models.control.TokenCounter;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.control.Turn.PastMessage;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.uploads.entity.ImageInfo;
import java.util.List;
import java.util.UUID;
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

    private final Assistant eyes = new Assistant("eyes", "Eyes", "", "Brief.", "", null, null, 50, 2_000, 200_000);

    private static ImageInfo square(int side) {
        return new ImageInfo(UUID.randomUUID(), "image/png", 1000, side, side);
    }

    private static ModelMessage.Image load(ImageInfo image) {
        return new ModelMessage.Image("data:image/png;base64," + image.id());
    }

    @Test
    void sendsEarlierImagesAgainOnlyWhileTheyFitAndKeepsTheirTextOtherwise() {
        ImageInfo now = square(1024); // 765 tokens
        ImageInfo earlier = square(1024);
        ImageInfo tooMany = square(2048); // 765 each as well, after scaling to 768
        List<PastMessage> history = List.of(
                new PastMessage(MessageRole.USER, "two photos", counter.count("two photos"), List.of(tooMany, square(900))),
                counted(MessageRole.ASSISTANT, "two cats"),
                new PastMessage(MessageRole.USER, "", 0, List.of(earlier)),
                counted(MessageRole.ASSISTANT, "a dog"));

        List<ModelMessage> sent = prompts.prompt(eyes, history, "and this?",
                prompts.checkFits(eyes, "and this?", List.of(now)), List.of(now), PromptBuilderTest::load);

        assertEquals(List.of(ModelMessage.system("Brief."), ModelMessage.user("two photos"),
                ModelMessage.assistant("two cats"), ModelMessage.user("", List.of(load(earlier))),
                ModelMessage.assistant("a dog"), ModelMessage.user("and this?", List.of(load(now)))), sent,
                "the newest earlier image fits the 2,000 tokens with the new one; the two before it do not, their text does");
    }

    @Test
    void aModelWithoutImagesGetsTheTextOfEarlierMessagesAndNothingOfAnImageAlone() {
        List<PastMessage> history = List.of(
                new PastMessage(MessageRole.USER, "a photo", counter.count("a photo"), List.of(square(64))),
                new PastMessage(MessageRole.USER, "", 0, List.of(square(64))),
                counted(MessageRole.ASSISTANT, "a dog"));

        List<ModelMessage> sent = prompts.prompt(eyes, history, "hi", prompts.checkFits(eyes, "hi"), List.of(), null);

        assertEquals(List.of(ModelMessage.system("Brief."), ModelMessage.user("a photo"), ModelMessage.assistant("a dog"),
                ModelMessage.user("hi")), sent);
    }

    @Test
    void theNewMessagesImagesCountWhenCheckingThatItFits() {
        InvalidInput refused = assertThrows(InvalidInput.class,
                () -> prompts.checkFits(eyes, "three big ones", List.of(square(1024), square(1024), square(1024))));
        assertEquals("message", refused.field());
    }
}
