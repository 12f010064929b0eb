package dev.chatstream.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a Redis client to look at a Redis server from a test: one command per connection over
 * RESP2, unnamed (so it never passes for a client of chatstream's).
 */
final class Redis {

    private Redis() {
    }

    /** Whether a Redis server answers PING on 127.0.0.1:{@code port}. */
    static boolean answers(int port) {
        try {
            return "PONG".equals(command(port, "PING"));
        } catch (UncheckedIOException down) {
            return false;
        }
    }

    /** {@code KEYS pattern}. */
    static List<String> keys(int port, String pattern) {
        return ((List<?>) command(port, "KEYS", pattern)).stream().map(String.class::cast).toList();
    }

    /** The names of the connected clients ({@code CLIENT LIST}), unnamed ones left out. */
    static List<String> clientNames(int port) {
        return ((String) command(port, "CLIENT", "LIST")).lines()
                .flatMap(client -> List.of(client.split(" ")).stream())
                .filter(field -> field.startsWith("name=") && field.length() > 5)
                .map(field -> field.substring(5))
                .toList();
    }

    /** Sends one command; the reply as a String, Long, List or null. A Redis error is thrown. */
    static Object command(int port, String... arguments) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at 127.0.0.1:" + port, e);
        }
    }

    private static Object reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException("Redis refused the command: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2); // CRLF
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply(in));
                }
                yield items;
            }
            default -> throw new IOException("not a RESP reply: " + (type < 0 ? "end of stream" : (char) type + line));
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended within a reply");
            }
            line.write(b);
        }
        in.read(); // LF
        return line.toString(StandardCharsets.UTF_8);
    }
}
