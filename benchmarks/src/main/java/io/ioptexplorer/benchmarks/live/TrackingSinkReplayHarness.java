package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;

/**
 * What the tracking views' recorder costs a replay (issue 13): a whole run with its timeline off, as a step back
 * replays it, three ways in turn in the same JVM: no sink (the baseline), the {@link TrackingRecorder} as the run's
 * sink (it asks only for the rare records), and the same recorder behind a sink that asks for every event (what it
 * cost before {@code EventSink.recordsEnabled}: every per-access event built, then dropped).
 *
 * <pre>java -Xmx2g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.TrackingSinkReplayHarness
 *     [smmuv3-gpu-eager-vs-lazy.yaml] [repeats]</pre>
 */
public final class TrackingSinkReplayHarness {
    private TrackingSinkReplayHarness() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "smmuv3-gpu-eager-vs-lazy.yaml";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Topology t = SampleCatalog.load(sample);
        long seed = ScenarioRun.seedFor(t, null);
        System.out.printf("%s: whole run, timeline off (the first repeat warms up)%n", sample);
        System.out.printf("%-6s %12s %14s %18s%n", "repeat", "no sink ms", "recorder ms", "every event ms");
        for (int r = 0; r < repeats; r++) {
            double none = run(t, seed, EventSink.NONE);
            double recorder = run(t, seed, new TrackingRecorder(EventSink.NONE, null));
            TrackingRecorder behind = new TrackingRecorder(EventSink.NONE, null);
            double every = run(t, seed, new EventSink() {
                @Override
                public void emit(SimEvent e) {
                    behind.emit(e);
                }
            });
            System.out.printf("%-6d %12.0f %14.0f %18.0f%n", r, none, recorder, every);
        }
        System.exit(0);
    }

    private static double run(Topology t, long seed, EventSink sink) {
        long a = System.nanoTime();
        ScenarioRun run = new ScenarioRun(t, seed, sink, e -> { }, false);
        while (run.nextIndex() < t.steps().size()) {
            run.step();
        }
        return (System.nanoTime() - a) / 1e6;
    }
}
