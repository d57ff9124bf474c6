package io.ioptexplorer.viewmodel.live;

import static io.ioptexplorer.viewmodel.live.Sessions.await;
import static io.ioptexplorer.viewmodel.live.Sessions.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Rewinding through a checkpoint gives exactly what running straight gives, in the session as the window drives it:
 * checkpoints at every step boundary (no spacing, no budget), a random moment (inside an event, or at a boundary) of
 * samples small and with migrations, reached by "run to the end, then go back" from a session that resumes from a
 * checkpoint. There the machine fingerprint, the step outcomes and the tracking views' recorder (resumed from its
 * copy) equal the straight session's; and running on to the end from both gives the same fingerprint (the whole
 * report) and recorder again.
 */
class CheckpointRewindProperties {
    private static final String[] SAMPLES = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml",
        "type1-emulated-pinned.yaml", "riscv-no-upstream-dirty.yaml"};
    private static final Map<String, Watched> REWOUND = new HashMap<>();

    record Watched(LiveSession session, TrackingFeed feed) {
        static Watched open(String sample, boolean everyBoundary) {
            LiveSession s = new LiveSession(Sessions.UI);
            if (everyBoundary) {
                s.setCheckpoints(1L << 40, 0);
            }
            TrackingFeed f = new TrackingFeed(s);
            Topology t = Sessions.sample(sample);
            await(s.open(t, ScenarioRun.seedFor(t, null)));
            return new Watched(s, f);
        }

        String fingerprint() {
            return get(session.query(MachineFingerprint::of));
        }

        TrackingSnapshot tracking() {
            return get(session.query(feed::capture));
        }
    }

    record Target(String sample, double position, boolean boundary) {
    }

    @Provide
    Arbitrary<Target> targets() {
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.doubles().between(0, 1),
                Arbitraries.of(true, false)).as(Target::new);
    }

    @Property(tries = 16)
    void rewindingThroughACheckpointEqualsRunningStraight(@ForAll("targets") Target t) {
        Watched back = REWOUND.computeIfAbsent(t.sample(), s -> {
            Watched w = Watched.open(s, true);
            await(w.session().runToEnd());
            return w;
        });
        io.ioptexplorer.hardware.timeline.TimelineIndex tl = Sessions.index(back.session());
        long first = tl.firstSeqOfStep(0);
        long seq = first + (long) (t.position() * (tl.size() - 1 - first));
        int step = tl.stepOf(seq);
        Moment m = t.boundary() ? new Moment(step, tl.firstSeqOfStep(step) - 1) : new Moment(step, seq);

        await(back.session().runToEnd()); // from the end, so the move is always a rewind
        MachineSnapshot rewound = await(back.session().goTo(m));
        assertThat(rewound.message()).startsWith("Replayed from the checkpoint at step " + (m.step() + 1) + " ");
        String viaRewind = back.fingerprint();
        TrackingSnapshot trackedViaRewind = back.tracking();

        Watched straight = Watched.open(t.sample(), false);
        try {
            MachineSnapshot there = await(straight.session().goTo(m));
            assertThat(there.moment()).isEqualTo(rewound.moment()).isEqualTo(m);
            assertThat(there.outcomes()).isEqualTo(rewound.outcomes());
            assertThat(viaRewind).isEqualTo(straight.fingerprint());
            assertThat(trackedViaRewind).isEqualTo(straight.tracking());

            MachineSnapshot endStraight = await(straight.session().runToEnd());
            MachineSnapshot endRewound = await(back.session().runToEnd());
            assertThat(endRewound.outcomes()).isEqualTo(endStraight.outcomes());
            assertThat(back.fingerprint()).isEqualTo(straight.fingerprint());
            assertThat(back.tracking()).isEqualTo(straight.tracking());
        } finally {
            straight.session().close();
        }
    }

    @AfterContainer
    static void closeAll() {
        REWOUND.values().forEach(w -> w.session().close());
        REWOUND.clear();
    }
}
