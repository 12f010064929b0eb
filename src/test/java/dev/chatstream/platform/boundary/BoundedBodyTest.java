package dev.chatstream.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.platform.entity.InvalidInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static BoundedBody body(int bytes, long max) {
        return new BoundedBody(new ByteArrayInputStream(new byte[bytes]), max);
    }

    @Test
    void aBodyUpToItsLimitReadsWhole() throws IOException {
        assertArrayEquals(new byte[10], body(10, 10).readAllBytes());
    }

    @Test
    void aBodyOverItsLimitFailsOnceMoreThanTheLimitIsRead() throws IOException {
        BoundedBody body = body(11, 10);
        assertEquals(10, body.readNBytes(10).length);
        assertThrows(BoundedBody.TooLarge.class, body::read);
        assertThrows(BoundedBody.TooLarge.class, () -> body(4096, 10).readAllBytes());
    }

    @Test
    void theRefusalIsFoundBeneathAParsersWrappingAsA413() {
        IOException tooLarge = assertThrows(BoundedBody.TooLarge.class, () -> body(11, 10).readAllBytes());
        InvalidInput refusal = BoundedBody.refusal(new IllegalStateException("parse failed", new UncheckedIOException(tooLarge)));
        assertTrue(refusal.tooLarge());
        assertEquals("The request body is larger than 10 bytes", refusal.getMessage());
        assertNull(BoundedBody.refusal(new IOException("connection reset")));
    }
}
