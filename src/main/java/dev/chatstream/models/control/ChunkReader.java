package dev.chatstream.models.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.chatstream.models.entity.ModelFailure;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a streamed reply's body: Server-Sent Events framed by the WHATWG rules, each event's data read once into a
 * {@link Chunk} by the SDK's own JSON factory. It replaces the SDK's stream handler, which wraps every open body in
 * a {@code BufferedReader} (16 KB of characters over an 8 KB byte buffer) and binds each chunk twice, to a tree
 * to look for an error and to the typed {@code ChatCompletionChunk}; this reader starts with 1 KB of buffers and
 * grows them only for longer events (docs/performance.md).
 */
final class ChunkReader {

    private static final int FIRST_BUFFER = 512;
    private static final int LARGEST_EVENT = 8 << 20; // a chunk is a few hundred bytes; this is a broken provider
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private final JsonFactory json;

    ChunkReader(JsonFactory sdkJson) {
        this.json = sdkJson;
    }

    /**
     * Hands each chunk to {@code onChunk} until the body ends. After {@code [DONE]} it reads on to the end without
     * binding, so that the connection can serve the next call.
     *
     * @throws ModelFailure an error event, or data that is not a chunk
     * @throws IOException  the body could not be read
     */
    void read(InputStream body, Consumer<Chunk> onChunk) throws IOException {
        new Events(body, onChunk).readToEnd();
    }

    /** One body's framing state: the line being read and the data of the event being built. */
    private final class Events {
        private final InputStream body;
        private final Consumer<Chunk> onChunk;
        private byte[] line = new byte[FIRST_BUFFER];
        private int lineStart;
        private int scanned;
        private int filled;
        private boolean skipLineFeed;
        private byte[] data = new byte[FIRST_BUFFER];
        private int dataLength = -1; // -1: this event has no data field yet
        private boolean done;

        Events(InputStream body, Consumer<Chunk> onChunk) {
            this.body = body;
            this.onChunk = onChunk;
        }

        void readToEnd() throws IOException {
            while (scanned < filled || fill()) {
                if (skipLineFeed) { // a line ended with CR; an LF right after it belongs to the same line end
                    skipLineFeed = false;
                    if (line[scanned] == '\n') {
                        lineStart = ++scanned;
                        continue;
                    }
                }
                int end = lineEnd();
                if (end < 0) {
                    scanned = filled;
                    continue;
                }
                field(lineStart, end);
                skipLineFeed = line[end] == '\r';
                lineStart = scanned = end + 1;
            }
            // the spec discards an event that the body's end cut off before its blank line
        }

        private int lineEnd() {
            for (int i = scanned; i < filled; i++) {
                if (line[i] == '\n' || line[i] == '\r') {
                    return i;
                }
            }
            return -1;
        }

        /** Moves the unfinished line to the front, grows the buffer if the line fills it, reads more. */
        private boolean fill() throws IOException {
            if (lineStart > 0) {
                System.arraycopy(line, lineStart, line, 0, filled - lineStart);
                filled -= lineStart;
                scanned -= lineStart;
                lineStart = 0;
            }
            if (filled == line.length) {
                line = Arrays.copyOf(line, grown(line.length, line.length + 1));
            }
            int read = body.read(line, filled, line.length - filled);
            if (read < 0) {
                return false;
            }
            filled += read;
            return true;
        }

        private void field(int from, int to) {
            if (from == to) {
                dispatch();
                return;
            }
            int colon = indexOf(':', from, to);
            int nameEnd = colon < 0 ? to : colon;
            if (!Arrays.equals(line, from, nameEnd, DATA, 0, DATA.length)) {
                return; // comments, event, id and retry: a chat stream needs none of them
            }
            int valueFrom = colon < 0 ? to : colon + 1;
            if (valueFrom < to && line[valueFrom] == ' ') {
                valueFrom++;
            }
            appendData(valueFrom, to);
        }

        private void appendData(int from, int to) {
            int extra = (dataLength < 0 ? 0 : 1) + to - from;
            int length = Math.max(dataLength, 0);
            if (length + extra > data.length) {
                data = Arrays.copyOf(data, grown(data.length, length + extra));
            }
            if (dataLength >= 0) {
                data[length++] = '\n';
            }
            System.arraycopy(line, from, data, length, to - from);
            dataLength = length + to - from;
        }

        private void dispatch() {
            int length = dataLength;
            dataLength = -1;
            if (length < 0 || done) {
                return;
            }
            if (length >= DONE.length && Arrays.equals(data, 0, DONE.length, DONE, 0, DONE.length)) {
                done = true;
                return;
            }
            Chunk chunk = parse(length);
            if (chunk.error() != null) {
                throw new ModelFailure(ModelFailure.Code.UPSTREAM_UNAVAILABLE,
                        "The model reported an error mid-stream: " + chunk.error());
            }
            onChunk.accept(chunk);
        }

        private static int grown(int size, int needed) {
            if (needed > LARGEST_EVENT) {
                throw new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE,
                        "The model sent an event larger than " + (LARGEST_EVENT >> 20) + " MB");
            }
            return Math.min(LARGEST_EVENT, Math.max(size * 2, needed));
        }

        private Chunk parse(int length) {
            try (JsonParser parser = json.createParser(data, 0, length)) {
                return Chunk.read(parser);
            } catch (IOException notAChunk) { // Jackson's parse errors included
                throw new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE,
                        "The model sent a chunk that could not be read", null, notAChunk);
            }
        }

        private int indexOf(char wanted, int from, int to) {
            for (int i = from; i < to; i++) {
                if (line[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
