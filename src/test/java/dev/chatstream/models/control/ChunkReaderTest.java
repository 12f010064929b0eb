package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.ObjectMappers;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.testing.FakeUpstream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The upstream's event stream, read the way the WHATWG rules say, whatever the line endings and read sizes. */
class ChunkReaderTest {

    private final ChunkReader reader = new ChunkReader(ObjectMappers.jsonMapper().getFactory());

    @Test
    void readsEachChunkOnceAndStopsAtDone() throws IOException {
        String body = data("Hel") + data("lo") + "data: [DONE]\n\n";

        assertEquals(List.of("Hel", "lo"), contents(bytes(body)));
    }

    @Test
    void everyLineEndingAndOneByteAtATimeGiveTheSameChunks() throws IOException {
        String lf = data("a") + data("b") + data("c") + "data: [DONE]\n\n";
        for (String body : List.of(lf, lf.replace("\n", "\r\n"), lf.replace("\n", "\r"))) {
            assertEquals(List.of("a", "b", "c"), contents(oneByteAtATime(body)), body);
        }
    }

    @Test
    void dataLinesOfOneEventAreJoinedAndOtherFieldsIgnored() throws IOException {
        String json = chunk("joined");
        int comma = json.indexOf(',');
        String body = ": keep-alive\n"
                + "event: message\nid: 7\nretry: 1000\n"
                + "data:" + json.substring(0, comma + 1) + "\n"
                + "data: " + json.substring(comma + 1) + "\n\n"
                + "id: 8\n\n"; // no data: no event

        for (String endings : List.of(body, body.replace("\n", "\r\n"))) { // CRLF is one line end, not two
            assertEquals(List.of("joined"), contents(oneByteAtATime(endings)), endings);
        }
    }

    @Test
    void aLineLongerThanTheBuffersIsReadWhole() throws IOException {
        String long100k = "x".repeat(100_000);

        assertEquals(List.of(long100k, "after"), contents(oneByteAtATimeAfter(data(long100k) + data("after"), 4096)));
    }

    @Test
    void anEndlessEventFailsTheStreamInsteadOfFillingTheHeap() {
        InputStream endless = new InputStream() { // data lines, never the blank line that ends the event
            private final byte[] line = ("data: " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.US_ASCII);
            private long sent;

            @Override
            public int read() {
                return line[(int) (sent++ % line.length)];
            }
        };

        ModelFailure failure = assertThrows(ModelFailure.class, () -> contents(endless));
        assertEquals(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE, failure.code());
    }

    @Test
    void anEventCutOffByTheEndOfTheBodyIsNotDelivered() throws IOException {
        String body = data("whole") + "data: " + chunk("cut off");

        assertEquals(List.of("whole"), contents(bytes(body)));
    }

    @Test
    void eventsAfterDoneAreReadButNotDelivered() throws IOException {
        InputStream body = bytes(data("kept") + "data: [DONE]\n\n" + data("late"));

        assertEquals(List.of("kept"), contents(body));
        assertEquals(-1, body.read(), "the body was read to its end, so that its connection can be reused");
    }

    @Test
    void anErrorEventFailsTheStreamWithTheProvidersMessage() {
        String body = data("partial") + "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";

        ModelFailure failure = assertThrows(ModelFailure.class, () -> contents(bytes(body)));
        assertEquals(ModelFailure.Code.UPSTREAM_UNAVAILABLE, failure.code());
        assertTrue(failure.getMessage().contains("overloaded"), failure.getMessage());
    }

    @Test
    void dataThatIsNotJsonFailsTheStreamAsInvalid() {
        ModelFailure failure = assertThrows(ModelFailure.class, () -> contents(bytes(data("ok") + "data: {not json\n\n")));

        assertEquals(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE, failure.code());
    }

    @Test
    void oneConnectionServesStreamsReadOneAfterAnother() throws IOException {
        OkHttpClient http = new OkHttpClient();
        try (FakeUpstream upstream = FakeUpstream.start(0)) {
            for (int i = 0; i < 3; i++) {
                Request request = new Request.Builder()
                        .url(upstream.baseUrl() + "/chat/completions")
                        .post(RequestBody.create("{\"model\":\"m\",\"stream\":true,\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"hello " + i + "\"}]}", MediaType.get("application/json")))
                        .build();
                try (Response response = http.newCall(request).execute()) {
                    assertEquals("You said: hello " + i, String.join("", contents(response.body().byteStream())));
                }
            }
            assertEquals(1, upstream.acceptedConnections());
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private List<String> contents(InputStream body) throws IOException {
        List<String> contents = new ArrayList<>();
        reader.read(body, chunk -> contents.add(contentOf(chunk)));
        return contents;
    }

    private static String contentOf(Chunk chunk) {
        return chunk.deltas().stream().map(Chunk.Delta::content).filter(Objects::nonNull).findFirst().orElse("");
    }

    private static String data(String content) {
        return "data: " + chunk(content) + "\n\n";
    }

    private static String chunk(String content) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}";
    }

    private static InputStream bytes(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream oneByteAtATime(String body) {
        return oneByteAtATimeAfter(body, 0);
    }

    /** Hands out the first {@code bulk} bytes at once, then one byte per read, as a slow network would. */
    private static InputStream oneByteAtATimeAfter(String body, int bulk) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)) {
            private boolean first = true;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int size = first && bulk > 0 ? Math.min(len, bulk) : Math.min(len, 1);
                first = false;
                return super.read(b, off, size);
            }
        };
    }
}
