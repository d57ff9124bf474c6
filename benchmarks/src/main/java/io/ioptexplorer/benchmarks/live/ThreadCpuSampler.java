package io.ioptexplorer.benchmarks.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every thread's CPU time at each pulse, from Linux's {@code /proc/self/task/<tid>/schedstat} (first field, ns;
 * Documentation/scheduler/sched-stats.rst): which threads held the two cores while a slow frame's threads waited for
 * one. Threads are named by their kernel name ({@code comm}: "C2 CompilerThre", "G1 Conc#0", "machine", ...).
 * Reading some 60 small files costs the JavaFX thread about half a millisecond a pulse, so it runs only when asked
 * ({@code -Dframes.who=true}). Elsewhere every sample is empty.
 */
final class ThreadCpuSampler {
    /** One sample per pulse: thread id to CPU ns so far. */
    private final List<Map<Integer, Long>> samples = new ArrayList<>();
    private final Map<Integer, String> names = new HashMap<>();

    void sample() {
        Map<Integer, Long> cpu = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                int tid = Integer.parseInt(task.getFileName().toString());
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    cpu.put(tid, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                    names.computeIfAbsent(tid, t -> comm(task));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no /proc: an empty sample
        }
        samples.add(cpu);
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    int size() {
        return samples.size();
    }

    /**
     * The threads that ran between sample {@code from} and {@code from + 1}, busiest first, as "name ms" (at most
     * {@code limit}, each at least 0.5 ms; threads of one name summed).
     */
    String busiest(int from, int limit) {
        if (from + 1 >= samples.size()) {
            return "";
        }
        Map<String, Long> byName = new HashMap<>();
        samples.get(from + 1).forEach((tid, ns) -> {
            long ran = ns - samples.get(from).getOrDefault(tid, 0L);
            if (ran > 0) {
                byName.merge(names.getOrDefault(tid, "?"), ran, Long::sum);
            }
        });
        StringBuilder b = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() >= 500_000)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(limit)
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(String.format("%s %.1f",
                        e.getKey(), e.getValue() / 1e6)));
        return b.toString();
    }
}
