package dev.chatstream.testing;

import dev.chatstream.testing.HttpRequestReader.RawRequest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One accepted socket. A reader thread owns the input: it parses requests into a queue and, because it is always
 * reading, notices at once when the client closes the connection, even while the responder sends nothing.
 */
final class Connection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Optional<RawRequest>> requests = new LinkedBlockingQueue<>();
    private final CompletableFuture<Instant> closed = new CompletableFuture<>();

    Connection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true); // every SSE event must leave at once
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Runs on its own thread until the client closes the connection or the socket is closed. */
    void readRequests() {
        try {
            HttpRequestReader reader = new HttpRequestReader(socket.getInputStream());
            for (RawRequest request = reader.next(); request != null; request = reader.next()) {
                requests.add(Optional.of(request));
            }
        } catch (IOException e) {
            // reset by the client, closed by us, or not HTTP: the connection is over either way
        } finally {
            closed.complete(Instant.now());
            requests.add(Optional.empty());
        }
    }

    /** The next request, or empty once the connection is closed. */
    Optional<RawRequest> nextRequest() throws InterruptedException {
        return requests.take();
    }

    OutputStream out() {
        return out;
    }

    /** Completes with the moment the reader saw the connection end. */
    CompletableFuture<Instant> closed() {
        return closed;
    }

    /** Waits for {@code delay}; returns true (early) if the connection closes meanwhile. */
    boolean closesWithin(Duration delay) throws InterruptedException {
        if (delay.isZero()) {
            return closed.isDone();
        }
        try {
            closed.get(delay.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Blocks until the client closes the connection (or the server shuts down). */
    void awaitClose() throws InterruptedException {
        try {
            closed.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
