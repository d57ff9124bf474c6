package io.ioptexplorer.benchmarks.timeline;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A harness, not a JMH benchmark: runs each sample topology twice, once with the timeline off (the baseline) and
 * once feeding every event into a {@link TimelineIndex}, and prints the events emitted, the index's column bytes
 * per event, the heap in use after the run, and both wall times. Usage:
 * {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.timeline.TimelineFootprint
 * [sample-topologies/FILE.yaml ...]} (default: every sample).
 */
public final class TimelineFootprint {
    private TimelineFootprint() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = args.length > 0 ? Stream.of(args).map(Path::of).toList()
                : samples(Path.of("sample-topologies"));
        System.out.printf("%-40s %12s %10s %10s %10s %10s %9s %9s%n", "sample", "events", "B/event", "index MiB",
                "heap MiB", "phases", "off s", "on s");
        for (Path f : files) {
            Topology t = TopologyLoader.load(f);
            long seed = ScenarioRun.seedFor(t, null);
            long t0 = System.nanoTime();
            new ScenarioRun(t, seed, EventSink.NONE).runAll(null);
            long t1 = System.nanoTime();
            TimelineIndex index = new TimelineIndex();
            ScenarioRun on = new ScenarioRun(t, seed, index, true);
            on.runAll(null);
            long t2 = System.nanoTime();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            long n = index.size();
            System.out.printf("%-40s %12d %10.2f %10.1f %10.1f %10d %9.2f %9.2f   breakpoints:%s%n",
                    f.getFileName(), n, n == 0 ? 0 : (double) index.columnBytes() / n,
                    index.columnBytes() / 1048576.0, heap / 1048576.0, index.phases().size(), (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, breakpoints(index));
        }
    }

    private static String breakpoints(TimelineIndex index) {
        StringBuilder b = new StringBuilder();
        for (BreakpointClass c : BreakpointClass.values()) {
            long n = index.breakpointCount(c);
            if (n > 0) {
                b.append(' ').append(c.id()).append('=').append(n);
            }
        }
        return b.toString();
    }

    private static List<Path> samples(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
