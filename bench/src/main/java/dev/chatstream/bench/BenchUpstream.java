package dev.chatstream.bench;

import dev.chatstream.testing.FakeUpstream;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The benchmark's OpenAI-compatible upstream: the test suite's {@link FakeUpstream} (one virtual thread per
 * connection, real chunked SSE) answering every streaming request with the {@link Workload} named in its last
 * user message. Title requests (non-streaming) get a short answer at once.
 *
 * <pre>java -cp bench.jar dev.chatstream.bench.BenchUpstream 9090</pre>
 */
public final class BenchUpstream {

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        FakeUpstream upstream = FakeUpstream.start(port).withoutRecording().defaultScript(BenchUpstream::answer);
        Runtime.getRuntime().addShutdownHook(new Thread(upstream::close));
        System.out.println("bench upstream listening on " + upstream.baseUrl());
        new CountDownLatch(1).await();
    }

    static Script answer(RecordedRequest request) {
        if (!request.stream()) {
            return Script.reply("Bench topic");
        }
        return Workload.fromPrompt(request.lastUserMessage())
                .map(BenchUpstream::script)
                .orElseGet(() -> Script.error(400, "not a benchmark prompt"));
    }

    private static Script script(Workload workload) {
        if (workload.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < workload.errorRate()) {
            return Script.error(500, "injected benchmark error");
        }
        String[] chunks = IntStream.range(0, workload.chunks()).mapToObj(workload::chunk).toArray(String[]::new);
        return Script.reply(chunks)
                .firstChunkDelay(workload.firstToken())
                .interval(workload.interval())
                .usage(16, workload.chunks());
    }
}
