package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineJson;
import io.ioptexplorer.hardware.timeline.TimelineListener;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Resuming a run from a checkpoint is running it straight: for a random step boundary of several samples (small ones,
 * and ones with migrations, a device tracker and the type1 container), a run resumed from a checkpoint taken there
 * has the straight run's state at that boundary ({@link RunFingerprint}), then emits exactly its events (every
 * field of every event, as the JSON Lines trace writes them, with their seq, step and time) and ends with its report.
 * The checkpoint is resumed twice, after the run it was taken from went on to its end: nothing that run did after the
 * checkpoint may reach it.
 */
class RunCheckpointProperties {
    private static final String[] SAMPLES = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml",
        "type1-emulated-pinned.yaml", "riscv-no-upstream-dirty.yaml", "vtd-mlx5-device-tracking.yaml"};
    private static final Map<String, Straight> STRAIGHT = new HashMap<>();

    /** The straight run of a sample: its fingerprint at each boundary, each step's trace digest, its report. */
    record Straight(Topology topology, List<String> fingerprints, List<String> stepTraces, String report) {
    }

    record Target(String sample, double position) {
    }

    @Provide
    Arbitrary<Target> targets() {
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.doubles().between(0, 1)).as(Target::new);
    }

    @Property(tries = 20)
    void resumingFromACheckpointIsRunningStraight(@ForAll("targets") Target t) {
        Straight s = STRAIGHT.computeIfAbsent(t.sample(), RunCheckpointProperties::straight);
        int steps = s.topology().steps().size();
        int k = (int) Math.round(t.position() * steps);
        long seed = ScenarioRun.seedFor(s.topology(), null);

        ScenarioRun original = new ScenarioRun(s.topology(), seed, e -> { }, true);
        for (int i = 0; i < k; i++) {
            original.step();
        }
        RunCheckpoint checkpoint = original.checkpoint();
        assertThat(checkpoint.nextIndex()).isEqualTo(k);
        original.runAll(null); // everything it does now must stay out of the checkpoint
        assertThat(RunReport.json(original)).isEqualTo(s.report());

        for (int attempt = 1; attempt <= 2; attempt++) {
            StepDigests trace = new StepDigests();
            ScenarioRun resumed = checkpoint.resume(EventSink.NONE, trace, true);
            assertThat(RunFingerprint.of(resumed)).as("%s at step %d, resume %d", t.sample(), k, attempt)
                    .isEqualTo(s.fingerprints().get(k));
            resumed.runAll(null);
            assertThat(trace.digests(k, steps)).as("%s events after step %d, resume %d", t.sample(), k, attempt)
                    .isEqualTo(s.stepTraces().subList(k, steps));
            assertThat(RunReport.json(resumed)).isEqualTo(s.report());
        }
    }

    private static Straight straight(String sample) {
        Topology t;
        try {
            t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        StepDigests trace = new StepDigests();
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), trace, true);
        List<String> fingerprints = new ArrayList<>();
        while (run.hasNext()) {
            fingerprints.add(RunFingerprint.of(run));
            run.step();
        }
        fingerprints.add(RunFingerprint.of(run));
        int steps = t.steps().size();
        return new Straight(t, fingerprints, trace.digests(0, steps), RunReport.json(run));
    }

    /** A timeline listener folding each step's events, as the trace writes them, into one digest per step. */
    static final class StepDigests implements TimelineListener {
        private final Map<Integer, MessageDigest> byStep = new HashMap<>();

        @Override
        public void onEvent(TimelineEvent e) {
            RunFingerprint.update(byStep.computeIfAbsent(e.step(), s -> RunFingerprint.sha256()), TimelineJson.line(e));
        }

        List<String> digests(int from, int to) {
            List<String> out = new ArrayList<>();
            for (int s = from; s < to; s++) {
                MessageDigest d = byStep.get(s);
                out.add(d == null ? "no events" : HexFormat.of().formatHex(d.digest()));
            }
            return out;
        }
    }
}
