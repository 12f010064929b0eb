package dev.chatstream.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Reads HTTP/1.1 requests (request line, headers, Content-Length or chunked body) one after the other. */
final class HttpRequestReader {

    record RawRequest(String method, String target, Map<String, String> headers, byte[] body) {

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        boolean wantsClose() {
            return headers.getOrDefault("Connection", "").toLowerCase().contains("close");
        }
    }

    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;

    HttpRequestReader(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** The next request, or null when the client closed the connection between requests. */
    RawRequest next() throws IOException {
        String requestLine = readLine();
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(); // a stray CRLF after the previous body is allowed
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("malformed request line: " + requestLine);
        }
        Map<String, String> headers = readHeaders();
        return new RawRequest(parts[0], parts[1], headers, readBody(headers));
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = requiredLine(); !line.isEmpty(); line = requiredLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header: " + line);
            }
            headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(),
                    (first, second) -> first + ", " + second);
        }
        return Collections.unmodifiableMap(headers);
    }

    private byte[] readBody(Map<String, String> headers) throws IOException {
        if (headers.getOrDefault("Transfer-Encoding", "").toLowerCase().contains("chunked")) {
            return readChunkedBody();
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        return readExactly(length);
    }

    private byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = requiredLine();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!requiredLine().isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            requiredLine(); // the CRLF after the chunk data
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private String requiredLine() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new EOFException("connection closed in the middle of a request");
        }
        return line;
    }

    /** A line without its CRLF (or bare LF), or null at end of stream before any byte of it. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
