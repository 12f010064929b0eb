package dev.chatstream.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes HTTP/1.1 responses by hand: a status line and headers, then a fixed or a chunked body. */
final class HttpOut {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    HttpOut(OutputStream out) {
        this.out = out;
    }

    /** A complete response with a Content-Length body. */
    void full(int status, Map<String, String> headers, byte[] body) throws IOException {
        head(status, withLength(headers, body.length));
        out.write(body);
        out.flush();
    }

    /** Headers promising {@code body.length} bytes, then only the first {@code sent} of them. */
    void truncated(int status, Map<String, String> headers, byte[] body, int sent) throws IOException {
        head(status, withLength(headers, body.length));
        out.write(body, 0, sent);
        out.flush();
    }

    /** Status line and headers, flushed. Add {@code Transfer-Encoding: chunked} to send {@link #chunk}s next. */
    void head(int status, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One chunk of a chunked body, flushed. */
    void chunk(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write(CRLF);
        out.flush();
    }

    /** The terminating zero-length chunk. */
    void endChunks() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Map<String, String> withLength(Map<String, String> headers, int length) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Length", Integer.toString(length));
        return all;
    }
}
