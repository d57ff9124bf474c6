package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.util.HashMap;
import java.util.Map;
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
 * <p>The session takes its checkpoints at step boundaries as the window does, and goes back from the latest one; the
 * same sample then runs again in a session without checkpoints (every step back a replay from the machine's
 * assembly, as before), in the same JVM, so both paths and the bare baseline are printed by one run. A fourth
 * argument {@code checkpoints} or {@code replay} runs one path only.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.StepBackHarness
 *     [scale-64gib-guest.yaml] [repeats] [tracking|bare] [both|checkpoints|replay]</pre>
 *
 * <p>2026-11-30 03:48–03:50 UTC, load average 7–9 (other engineers' builds), {@code tracking both}: SMMUv3 sample
 * (12 steps, 19.3 M events, 1 repeat) worst 37 ms from checkpoints against 1688 ms replaying from the start (45.9x;
 * the middle of step 12 back to its start 37 ms against 1039 ms); 64 GiB sample (3 steps, 7.27 M events, 2 repeats)
 * worst 40 ms against 73 ms (1.8x). Checkpoints kept at the end: SMMUv3 before steps 1, 11, 12 and the end, 5.6 MB
 * by their estimate; 64 GiB before steps 1, 3 and the end, 41.5 MB. Before the checkpoints (2026-11-29, quiet host,
 * the samples then had more steps) the replay from the start measured 408 ms and 18 ms for the same worst cases.
 */
public final class StepBackHarness {
    private StepBackHarness() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "scale-64gib-guest.yaml";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean tracking = args.length > 2 && args[2].equals("tracking");
        String modes = args.length > 3 ? args[3] : "both";
        Topology t = SampleCatalog.load(sample);
        long seed = ScenarioRun.seedFor(t, null);
        Map<Integer, Double> baselines = new HashMap<>();
        double worstCheckpoints = -1;
        double worstReplay = -1;
        if (!modes.equals("replay")) {
            worstCheckpoints = measure(t, seed, sample, repeats, tracking, true, baselines);
        }
        if (!modes.equals("checkpoints")) {
            worstReplay = measure(t, seed, sample, repeats, tracking, false, baselines);
        }
        if (worstCheckpoints >= 0 && worstReplay >= 0) {
            System.out.printf("worst step back: %.0f ms from checkpoints, %.0f ms replaying from the start (%.1fx)%n",
                    worstCheckpoints, worstReplay, worstReplay / Math.max(0.01, worstCheckpoints));
        }
        System.exit(0);
    }

    /** One session (with checkpoints or without), run to its end, then every step back timed; the worst. */
    private static double measure(Topology t, long seed, String sample, int repeats, boolean tracking,
                                  boolean checkpoints, Map<Integer, Double> baselines) throws Exception {
        int n = t.steps().size();
        LiveSession session = new LiveSession(Runnable::run);
        if (!checkpoints) {
            session.disableCheckpoints();
        }
        if (tracking) {
            new TrackingFeed(session);
        }
        String how = checkpoints ? "from checkpoints" : "replay from the start";
        await(session.open(t, seed));
        long t0 = System.nanoTime();
        MachineSnapshot end = await(session.runToEnd());
        System.out.printf("%s (%s, %s): %d steps, %d events; run to the end with the timeline on: %.0f ms; "
                        + "checkpoints kept: %s%n", sample, tracking ? "with the tracking feed" : "bare session", how,
                n, end.timelineSize(), ms(System.nanoTime() - t0), session.checkpointSummary().get());
        System.out.printf("%-34s %12s %14s %8s  %s%n", "step back (" + how + ")", "session ms", "baseline ms",
                "ratio", "message");
        double worst = 0;
        for (int r = 0; r < repeats; r++) {
            await(session.runToEnd());
            for (int k = n; k >= 1; k--) {
                long a = System.nanoTime();
                MachineSnapshot back = await(session.stepBack());
                double took = ms(System.nanoTime() - a);
                double base = baselines.computeIfAbsent(back.nextStep(), s -> baseline(t, seed, s));
                worst = Math.max(worst, took);
                System.out.printf("%-34s %12.1f %14.1f %8.2f  %s%n", "end of step " + k + " -> start of step " + k,
                        took, base, took / Math.max(0.01, base), back.message());
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
        double base = baselines.computeIfAbsent(back.nextStep(), s -> baseline(t, seed, s));
        System.out.printf("%-34s %12.1f %14.1f %8.2f  %s%n", "middle of step " + n + " -> its start", took, base,
                took / Math.max(0.01, base), back.message());
        System.out.printf("worst step back (%s): %.0f ms (target: at most 1000 ms): %s; checkpoints kept: %s%n",
                how, worst, worst <= 1000 ? "met" : "NOT met", session.checkpointSummary().get());
        session.close();
        return worst;
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
