package dev.chatstream.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis of cluster mode as the benchmark sees it: a minimal client (RESP over one socket, one command at a
 * time) for {@code INFO}, {@code SCAN}, {@code MEMORY USAGE} and deleting a run's keys, and the redis-server
 * process's CPU time from {@code /proc/<pid>/stat} (its pid from {@code INFO server}: Redis must run on this
 * machine).
 */
final class RedisProbe implements AutoCloseable {

    private final URI uri;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ProcessProbe process;

    private RedisProbe(URI uri, Path javaHome) throws IOException {
        this.uri = uri;
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (uri.getUserInfo() != null) {
            String[] user = uri.getUserInfo().split(":", 2);
            command(user.length == 2 && !user[0].isEmpty() ? new String[] {"AUTH", user[0], user[1]}
                    : new String[] {"AUTH", user[user.length - 1]});
        }
        long pid = Long.parseLong(info("server").get("process_id"));
        Path comm = Path.of("/proc", Long.toString(pid), "comm");
        if (!Files.exists(comm) || !Files.readString(comm).startsWith("redis-server")) {
            throw new IllegalStateException("Redis at " + uri + " says its pid is " + pid
                    + ", which is no redis-server on this machine: the benchmark reads its CPU time from /proc");
        }
        process = new ProcessProbe(pid, javaHome);
    }

    static RedisProbe connect(URI uri, Path javaHome) {
        try {
            return new RedisProbe(uri, javaHome);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + uri, e);
        }
    }

    URI uri() {
        return uri;
    }

    long pid() {
        return process.pid();
    }

    /** redis-server's user + system CPU time so far, in microseconds. */
    long cpuMicros() {
        return process.cpuMicros();
    }

    /** What Redis's allocator holds for data, clients' buffers and its own structures: {@code used_memory}. */
    long usedMemory() {
        return Long.parseLong(info("memory").get("used_memory"));
    }

    /**
     * Commands Redis has run since its start, from every client ({@code total_commands_processed}), and the
     * errors it answered ({@code total_error_replies}: a failing script, a refused command).
     */
    long[] commandsAndErrors() {
        Map<String, String> stats = info("stats");
        return new long[] {Long.parseLong(stats.get("total_commands_processed")),
                Long.parseLong(stats.getOrDefault("total_error_replies", "0"))};
    }

    String version() {
        return info("server").get("redis_version");
    }

    Map<String, String> info(String section) {
        Map<String, String> values = new HashMap<>();
        for (String line : ((String) command("INFO", section)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return values;
    }

    /** The keys matching a glob pattern, by {@code SCAN} (at most {@code limit}). */
    List<String> keys(String pattern, int limit) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = (String) page.get(0);
            for (Object key : (List<?>) page.get(1)) {
                if (keys.size() < limit) {
                    keys.add((String) key);
                }
            }
        } while (!cursor.equals("0") && keys.size() < limit);
        return keys;
    }

    /** What one key and its value take, {@code MEMORY USAGE key SAMPLES 0} (every element counted). */
    long memoryUsage(String key) {
        Object bytes = command("MEMORY", "USAGE", key, "SAMPLES", "0");
        return bytes == null ? 0 : (Long) bytes;
    }

    /** Entries of a Redis Stream. */
    long streamLength(String key) {
        return (Long) command("XLEN", key);
    }

    /** Deletes every key matching the pattern; returns how many there were. */
    int delete(String pattern) {
        int deleted = 0;
        for (List<String> keys = keys(pattern, 1000); !keys.isEmpty(); keys = keys(pattern, 1000)) {
            List<String> command = new ArrayList<>(List.of("UNLINK"));
            command.addAll(keys);
            deleted += ((Long) command(command.toArray(String[]::new))).intValue();
        }
        return deleted;
    }

    synchronized Object command(String... arguments) {
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + uri + " failed on " + arguments[0], e);
        }
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException("Redis refused: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2); // and its CRLF
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                yield items;
            }
            case -1 -> throw new EOFException("Redis closed the connection");
            default -> throw new IOException("unexpected RESP type " + (char) type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
