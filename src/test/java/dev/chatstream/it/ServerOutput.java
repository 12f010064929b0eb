package dev.chatstream.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the server under test writes while a test runs: the growth of the log file of a scripted server (WildFly,
 * Open Liberty: {@link TargetServer}), or, on Payara Micro, what Arquillian's container prints of the server's output
 * to this JVM's {@code System.out}, line by line (it looks {@code System.out} up for every line).
 */
final class ServerOutput implements AutoCloseable {

    private final Path file;
    private final long from;
    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private ServerOutput(Path file) throws IOException {
        this.file = file;
        if (file != null) {
            from = Files.exists(file) ? Files.size(file) : 0;
            original = null;
        } else {
            from = 0;
            original = System.out;
            System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts watching; {@link #close()} stops. */
    static ServerOutput watch() throws IOException {
        return new ServerOutput(TargetServer.logFile().orElse(null));
    }

    /** Everything written since {@link #watch()}. */
    String text() {
        if (file == null) {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }
        try {
            byte[] all = Files.readAllBytes(file);
            return new String(Arrays.copyOfRange(all, (int) Math.min(from, all.length), all.length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String source() {
        return file == null ? "Payara Micro's output through Arquillian" : file.toString();
    }

    @Override
    public void close() {
        if (original != null) {
            System.setOut(original);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            synchronized (second) {
                second.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
