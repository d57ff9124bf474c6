package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.util.concurrent.TimeUnit;

/**
 * How long "one step back" takes in the live session, on a sample run to its end first (issue 11: at most 1 s on the
 * 64 GiB sample). Each step back from the end, and one from the middle of the last step, is timed against the
 * baseline of the same run: a bare {@link ScenarioRun} with its timeline off running the steps the replay needs (the
 * least any replay from the start can cost).
 *
 * <p>With {@code tracking} as third argument the session carries what the explorer's tracking tabs add to every run
 * and replay: a {@link TrackingFeed} (its recorder as the run's event sink, and its capture in every snapshot), so
 * the two runs show what the sink costs a step back.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.StepBackHarness
 *     [scale-64gib-guest.yaml] [repeats] [tracking|bare]</pre>
 */
public final class StepBackHarness {
    private StepBackHarness() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "scale-64gib-guest.yaml";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Topology t = SampleCatalog.load(sample);
        long seed = ScenarioRun.seedFor(t, null);
        int n = t.steps().size();
        boolean tracking = args.length > 2 && args[2].equals("tracking");
        LiveSession session = new LiveSession(Runnable::run);
        if (tracking) {
            new TrackingFeed(session);
        }
        await(session.open(t, seed));
        long t0 = System.nanoTime();
        MachineSnapshot end = await(session.runToEnd());
        System.out.printf("%s (%s): %d steps, %d events; run to the end with the timeline on: %.0f ms%n", sample,
                tracking ? "with the tracking feed" : "bare session", n,
                end.timelineSize(), ms(System.nanoTime() - t0));
        System.out.printf("%-34s %12s %14s %8s%n", "step back", "session ms", "baseline ms", "ratio");
        double worst = 0;
        for (int r = 0; r < repeats; r++) {
            await(session.runToEnd());
            for (int k = n; k >= 1; k--) {
                long a = System.nanoTime();
                MachineSnapshot back = await(session.stepBack());
                double took = ms(System.nanoTime() - a);
                double base = baseline(t, seed, back.nextStep());
                worst = Math.max(worst, took);
                System.out.printf("%-34s %12.1f %14.1f %8.2f%n", "end of step " + k + " -> start of step " + k,
                        took, base, took / Math.max(0.01, base));
            }
        }
        // from inside the last step (its middle event) back to its start
        await(session.runToEnd());
        long first = session.query(pm -> pm.timeline().firstSeqOfStep(n - 1)).get();
        long last = end.timelineSize() - 1;
        await(session.goTo(new Moment(n - 1, (first + last) / 2)));
        long a = System.nanoTime();
        MachineSnapshot back = await(session.stepBack());
        double took = ms(System.nanoTime() - a);
        worst = Math.max(worst, took);
        System.out.printf("%-34s %12.1f %14.1f %8.2f%n", "middle of step " + n + " -> its start", took,
                baseline(t, seed, back.nextStep()), took / Math.max(0.01, baseline(t, seed, back.nextStep())));
        System.out.printf("worst step back: %.0f ms (target: at most 1000 ms): %s%n", worst,
                worst <= 1000 ? "met" : "NOT met");
        session.close();
        System.exit(0);
    }

    /** A bare run with its timeline off through steps 0..k-1: what any replay from the start must at least do. */
    private static double baseline(Topology t, long seed, int k) {
        long a = System.nanoTime();
        ScenarioRun run = new ScenarioRun(t, seed, e -> { }, false);
        while (run.nextIndex() < k) {
            run.step();
        }
        return ms(System.nanoTime() - a);
    }

    private static MachineSnapshot await(java.util.concurrent.CompletableFuture<MachineSnapshot> f)
            throws Exception {
        return f.get(10, TimeUnit.MINUTES);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}
