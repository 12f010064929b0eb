package dev.chatstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running JVM's cost from Linux's /proc and from jcmd: CPU time, resident memory, threads, live heap. */
final class ProcessProbe {

    private static final long TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86_64
    private static final Pattern VM_BEGIN = Pattern.compile("^sun\\.rt\\.createVmBeginTime=(\\d+)$", Pattern.MULTILINE);
    private static final Pattern LIVE_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private final long pid;
    private final Path jcmd;

    ProcessProbe(long pid, Path javaHome) {
        this.pid = pid;
        this.jcmd = javaHome.resolve("bin/jcmd");
    }

    long pid() {
        return pid;
    }

    /**
     * CPU time every process of the machine has used so far (user, nice, system, irq, softirq and steal of
     * {@code /proc/stat}), in microseconds: less the benchmark's own processes, the other work on a shared machine.
     */
    static long machineBusyMicros() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(cpu[field]);
            }
            return ticks * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** User + system CPU time of the whole process so far, in microseconds. */
    long cpuMicros() {
        return ticks(read("stat")) * 1_000_000 / TICKS_PER_SECOND;
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/.../stat} line. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * CPU time of the JIT compiler threads alive now ({@code C1/C2 CompilerThread*}), in microseconds: the part
     * of {@link #cpuMicros()} that is the JVM still compiling, not the server relaying.
     */
    long jitCpuMicros() {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(task -> {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        return 0;
                    }
                    return ticks(Files.readString(task.resolve("stat"))) * 1_000_000 / TICKS_PER_SECOND;
                } catch (IOException threadEnded) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    /** Operating-system threads: every platform thread of the JVM, none of its virtual threads. */
    int threads() {
        return (int) statusValue("Threads:");
    }

    /** File descriptors open now: sockets included. */
    int openFiles() {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    /** The process's limit on open files (the soft limit of {@code ulimit -n}). */
    int maxOpenFiles() {
        for (String line : read("limits").split("\n")) {
            if (line.startsWith("Max open files")) {
                return Integer.parseInt(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no open-files limit in /proc/" + pid + "/limits");
    }

    long rssBytes() {
        return statusValue("VmRSS:") * 1024;
    }

    /**
     * What the live objects take: the class histogram's total, counted in the same pause as the full collection
     * it runs. Reading the heap's use with a second command after {@code GC.run} counted whatever thousands of
     * streams allocated between the two (the same code measured 88 and 119 KB per (d) stream that way).
     */
    long liveHeapBytes() {
        Matcher total = LIVE_TOTAL.matcher(jcmd("GC.class_histogram"));
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram printed no total");
        }
        return Long.parseLong(total.group(1));
    }

    /**
     * When the JVM began to start, in milliseconds since the epoch: {@code sun.rt.createVmBeginTime}, which the
     * launcher records as it starts creating the VM, after any start script has {@code exec}'d {@code java}.
     */
    long jvmStartMillis() {
        Matcher begin = VM_BEGIN.matcher(jcmd("PerfCounter.print"));
        if (!begin.find()) {
            throw new IllegalStateException("jcmd PerfCounter.print printed no sun.rt.createVmBeginTime");
        }
        return Long.parseLong(begin.group(1));
    }

    /** The settings that differ between servers' defaults: heap limit, garbage collector, virtual thread carriers. */
    String jvmSettings() {
        String flags = jcmd("VM.flags");
        Matcher heap = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(flags);
        Matcher collector = Pattern.compile("-XX:\\+Use(\\w+GC)\\b").matcher(flags);
        Matcher carriers = Pattern.compile("^jdk\\.virtualThreadScheduler\\.parallelism=(\\d+)", Pattern.MULTILINE)
                .matcher(jcmd("VM.system_properties"));
        return "heap ≤ %s MB, %s, %s carriers".formatted(heap.find() ? Long.parseLong(heap.group(1)) >> 20 : "?",
                collector.find() ? collector.group(1) : "?",
                carriers.find() ? carriers.group(1) : "the JDK's default (one per core)");
    }

    private long statusValue(String key) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
