package dev.chatstream.platform.boundary;

import dev.chatstream.platform.entity.Causes;
import dev.chatstream.platform.entity.InvalidInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body of unknown length (chunked, or HTTP/2 without Content-Length) that fails once it has given more
 * than its limit. The failure is an {@link IOException}, so that the JSON parser passes it on as a cause, wrapped:
 * {@link #refusal} finds it again.
 */
final class BoundedBody extends FilterInputStream {

    private final long max;
    private long read;

    BoundedBody(InputStream body, long max) {
        super(body);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws TooLarge {
        read += n;
        if (read > max) {
            throw new TooLarge(max);
        }
    }

    /** The 413 for {@code error}, if a bounded body's limit lies beneath it; else null. */
    static InvalidInput refusal(Throwable error) {
        TooLarge tooLarge = Causes.find(error, TooLarge.class);
        return tooLarge == null ? null : BodySizeLimit.tooLarge(tooLarge.max);
    }

    static final class TooLarge extends IOException {

        private final long max;

        TooLarge(long max) {
            super(BodySizeLimit.tooLargeMessage(max));
            this.max = max;
        }
    }
}
