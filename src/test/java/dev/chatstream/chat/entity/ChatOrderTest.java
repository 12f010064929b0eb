package dev.chatstream.chat.entity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.models.entity.ReasoningEffort;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.entity.Fork;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatOrderTest {

    private static final int MAX = 100;

    private static ChatRequest message(String message) {
        return new ChatRequest(message, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ChatRequest withSession(String sessionId) {
        return new ChatRequest("hi", sessionId, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ChatRequest withModel(String model) {
        return new ChatRequest("hi", null, null, model, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ChatRequest withTemperature(Double temperature) {
        return new ChatRequest("hi", null, null, null, temperature, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ChatRequest withMaxTokens(Integer maxTokens) {
        return new ChatRequest("hi", null, null, null, null, maxTokens, null, null, null, null, null, null, null, null, null, null);
    }

    private static ChatRequest withEffort(String effort) {
        return new ChatRequest("hi", null, null, null, null, null, effort, null, null, null, null, null, null, null, null, null);
    }

    private static InvalidInput refused(ChatRequest request) {
        return assertThrows(InvalidInput.class, () -> ChatOrder.from(request, MAX));
    }

    private static void assertRefused(ChatRequest request, String field) {
        InvalidInput refusal = refused(request);
        assertEquals(field, refusal.field(), "field named by the refusal");
        assertFalse(refusal.tooLarge(), "an invalid field is a 400, not a 413");
    }

    @Test
    void aFullValidRequestIsKeptAsSent() {
        UUID session = UUID.randomUUID();
        ChatOrder order = ChatOrder.from(new ChatRequest("Explain SSE", session.toString(), "teacher",
                "gpt-4o-mini", 0.7, 512, "low", null, null, null, null, null, null, null, null, null), MAX);

        assertAll(
                () -> assertEquals("Explain SSE", order.message()),
                () -> assertEquals(session, order.sessionId()),
                () -> assertEquals("teacher", order.assistant()),
                () -> assertEquals("gpt-4o-mini", order.model()),
                () -> assertEquals(0.7, order.temperature()),
                () -> assertEquals(512, order.maxTokens()),
                () -> assertEquals(ReasoningEffort.LOW, order.reasoningEffort()));
    }

    @Test
    void onlyAMessageLeavesEveryOptionUnset() {
        ChatOrder order = ChatOrder.from(message("Hello!"), MAX);

        assertAll(
                () -> assertEquals("Hello!", order.message()),
                () -> assertNull(order.sessionId()),
                () -> assertNull(order.assistant()),
                () -> assertNull(order.model()),
                () -> assertNull(order.temperature()),
                () -> assertNull(order.maxTokens()),
                () -> assertNull(order.reasoningEffort()));
    }

    @Test
    void aMissingBodyIsRefused() {
        InvalidInput refusal = refused(null);
        assertNull(refusal.field());
        assertFalse(refusal.tooLarge());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\n\t ", "\u2003"})
    void aMissingOrBlankMessageIsRefused(String message) {
        assertRefused(message(message), "message");
    }

    @Test
    void theMessageIsKeptAsTypedIncludingItsWhitespace() {
        assertEquals("  indented\n", ChatOrder.from(message("  indented\n"), MAX).message());
    }

    @Test
    void aMessageOfExactlyTheLimitIsAccepted() {
        String longest = "x".repeat(MAX);
        assertEquals(longest, ChatOrder.from(message(longest), MAX).message());
    }

    @Test
    void aMessageOverTheLimitIsRefusedAsTooLarge() {
        InvalidInput refusal = refused(message("x".repeat(MAX + 1)));
        assertEquals("message", refusal.field());
        assertTrue(refusal.tooLarge(), "a too long message is a 413");
        assertTrue(refusal.getMessage().contains(String.valueOf(MAX)), refusal.getMessage());
    }

    @Test
    void anOverlongMessageIsRefusedBeforeAnyOtherFieldIsChecked() {
        InvalidInput refusal = refused(new ChatRequest("x".repeat(MAX + 1), "not-a-uuid", null, null, 9.0, -1, "max", null, null, null, null, null, null, null, null, null));
        assertEquals("message", refusal.field());
        assertTrue(refusal.tooLarge());
    }

    @Test
    void aSessionIdIsParsedAndTrimmed() {
        UUID id = UUID.randomUUID();
        assertEquals(id, ChatOrder.from(withSession("  " + id + " "), MAX).sessionId());
        assertEquals(id, ChatOrder.from(withSession(id.toString().toUpperCase()), MAX).sessionId());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aMissingOrBlankSessionIdStartsANewSession(String sessionId) {
        assertNull(ChatOrder.from(withSession(sessionId), MAX).sessionId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "4015cbaa-0000-0000-0000-00000000000g",
            "4015cbaa-0000-0000-0000-0000000000001234"})
    void aSessionIdThatIsNoUuidIsRefused(String sessionId) {
        assertRefused(withSession(sessionId), "session_id");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.7, 1.0, 2.0})
    void temperaturesFromZeroToTwoAreAccepted(double temperature) {
        assertEquals(temperature, ChatOrder.from(withTemperature(temperature), MAX).temperature());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, -1, 2.0001, 3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void temperaturesOutsideZeroToTwoAreRefused(double temperature) {
        InvalidInput refusal = refused(withTemperature(temperature));
        assertEquals("temperature", refusal.field());
        assertFalse(refusal.tooLarge());
        assertEquals("temperature must be between 0 and 2", refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 512, Integer.MAX_VALUE})
    void positiveMaxTokensAreAccepted(int maxTokens) {
        assertEquals(maxTokens, ChatOrder.from(withMaxTokens(maxTokens), MAX).maxTokens());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void maxTokensBelowOneAreRefused(int maxTokens) {
        assertRefused(withMaxTokens(maxTokens), "max_tokens");
    }

    @ParameterizedTest
    @CsvSource({
            "low, LOW", "medium, MEDIUM", "high, HIGH",
            "LOW, LOW", "Medium, MEDIUM", "' high ', HIGH",
            "低, LOW", "中, MEDIUM", "高, HIGH", "' 高 ', HIGH"})
    void reasoningEffortIsAcceptedInEnglishAndChinese(String text, ReasoningEffort expected) {
        assertEquals(expected, ChatOrder.from(withEffort(text), MAX).reasoningEffort());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aMissingOrBlankReasoningEffortIsLeftToTheModel(String text) {
        assertNull(ChatOrder.from(withEffort(text), MAX).reasoningEffort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"extreme", "minimal", "none", "lowest", "较低", "1"})
    void anUnknownReasoningEffortIsRefused(String text) {
        InvalidInput refusal = refused(withEffort(text));
        assertEquals("reasoning_effort", refusal.field());
        assertFalse(refusal.tooLarge());
    }

    @Test
    void aModelNameOfTheMaximumLengthIsAccepted() {
        String name = "m".repeat(ChatOrder.MAX_MODEL_NAME);
        assertEquals(name, ChatOrder.from(withModel(name), MAX).model());
    }

    @Test
    void aModelNameOverTheMaximumLengthIsRefused() {
        assertRefused(withModel("m".repeat(ChatOrder.MAX_MODEL_NAME + 1)), "model");
    }

    @Test
    void theModelNameLimitAppliesToTheTrimmedName() {
        String name = "m".repeat(ChatOrder.MAX_MODEL_NAME);
        assertEquals(name, ChatOrder.from(withModel("  " + name + "  "), MAX).model());
    }

    @Test
    void theModelNameLimitDoesNotDependOnTheMessageLimit() {
        String name = "m".repeat(ChatOrder.MAX_MODEL_NAME);
        assertEquals(name, ChatOrder.from(withModel(name), 10).model());
    }

    @Test
    void blankOptionalNamesBecomeNullAndOthersAreTrimmed() {
        ChatOrder blank = ChatOrder.from(new ChatRequest("hi", " ", "  ", "\t", null, null, " ", null, null, null, null, null, null, null, null, null), MAX);
        assertAll(
                () -> assertNull(blank.sessionId()),
                () -> assertNull(blank.assistant()),
                () -> assertNull(blank.model()),
                () -> assertNull(blank.reasoningEffort()));

        ChatOrder padded = ChatOrder.from(new ChatRequest("hi", null, " teacher ", " gpt-4o ", null, null, null, null, null, null, null, null, null, null, null, null), MAX);
        assertEquals("teacher", padded.assistant());
        assertEquals("gpt-4o", padded.model());
    }

    private static ChatRequest fork(String message, String regenerate, String edit) {
        return new ChatRequest(message, null, null, null, null, null, null, null, regenerate, edit, null, null, null, null, null, null);
    }

    @Test
    void aRegenerationNamesAReplyAndSendsNoMessage() {
        UUID reply = UUID.randomUUID();
        ChatOrder order = ChatOrder.from(fork(null, reply.toString(), null), MAX);
        assertEquals(Fork.regenerate(reply), order.fork());
        assertEquals("message", refused(fork("again", reply.toString(), null)).field(),
                "the question asked again is the stored one");
    }

    @Test
    void anEditNamesAMessageAndSendsItsNewText() {
        UUID message = UUID.randomUUID();
        ChatOrder order = ChatOrder.from(fork("better question", null, message.toString()), MAX);
        assertEquals(Fork.edit(message), order.fork());
        assertEquals("better question", order.message());
        assertEquals("message", refused(fork(" ", null, message.toString())).field());
    }

    @Test
    void forkingIsOneOfRegenerateOrEditAndNamesAMessageById() {
        String id = UUID.randomUUID().toString();
        assertAll(
                () -> assertEquals("edit", refused(fork("x", id, id)).field()),
                () -> assertEquals("regenerate", refused(fork(null, "reply-7", null)).field()),
                () -> assertEquals("edit", refused(fork("x", null, "7")).field()),
                () -> assertEquals(Fork.CONTINUE, ChatOrder.from(fork("x", " ", ""), MAX).fork()));
    }

    private static ChatRequest withImages(String message, java.util.List<String> images, String data, String type) {
        return new ChatRequest(message, null, null, null, null, null, null, null, null, null, null, null, null, images, data, type);
    }

    @Test
    void aMessageWithImagesMayHaveNoText() {
        String id = UUID.randomUUID().toString();
        ChatOrder order = ChatOrder.from(withImages(null, java.util.List.of(id), null, null), MAX, 4);
        assertEquals("", order.message());
        assertEquals(java.util.List.of(UUID.fromString(id)), order.images().uploads());

        ChatOrder inline = ChatOrder.from(withImages("  ", null, "data:image/png;base64,iVBO Rw0K\n", "image/png"), MAX, 4);
        assertEquals("", inline.message());
        assertEquals(6, inline.images().inline().data().length, "whitespace in base64 is ignored, the data: prefix cut");

        assertEquals("message", refused(withImages(" ", java.util.List.of(), null, null)).field(), "no image, no text");
    }

    @Test
    void refusesMalformedOrTooManyImages() {
        String id = UUID.randomUUID().toString();
        assertEquals("images", assertThrows(InvalidInput.class, () -> ChatOrder.from(
                withImages("hi", java.util.List.of("nope"), null, null), MAX, 4)).field());
        assertEquals("images", assertThrows(InvalidInput.class, () -> ChatOrder.from(
                withImages("hi", java.util.List.of(id, id), null, null), MAX, 4)).field(), "twice");
        assertEquals("images", assertThrows(InvalidInput.class, () -> ChatOrder.from(withImages("hi",
                java.util.List.of(id, UUID.randomUUID().toString()), "iVBORw0K", "image/png"), MAX, 2)).field(),
                "the inline image counts too");
        assertEquals("image_data", assertThrows(InvalidInput.class, () -> ChatOrder.from(
                withImages("hi", null, "not base64!", "image/png"), MAX, 4)).field());
        assertEquals("image_type", assertThrows(InvalidInput.class, () -> ChatOrder.from(
                withImages("hi", null, "iVBORw0K", null), MAX, 4)).field());
        assertEquals("images", assertThrows(InvalidInput.class, () -> ChatOrder.from(new ChatRequest(null, null, null,
                null, null, null, null, null, UUID.randomUUID().toString(), null, null, null, null, java.util.List.of(id), null, null),
                MAX, 4)).field(), "regenerate keeps its question's images");
    }
}
