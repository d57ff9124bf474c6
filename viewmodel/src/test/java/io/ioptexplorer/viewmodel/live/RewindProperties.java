package io.ioptexplorer.viewmodel.live;

import static io.ioptexplorer.viewmodel.live.Sessions.await;
import static io.ioptexplorer.viewmodel.live.Sessions.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
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
 * Arriving at a moment by rewinding gives exactly the machine that running straight there gives: for random moments
 * (inside events and at step boundaries) of several samples, the machine fingerprint after "run to the end, then go
 * back to the moment" equals the one after "open, then go forward to the moment".
 */
class RewindProperties {
    private static final String[] SAMPLES = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml",
        "type1-emulated-pinned.yaml", "no-tracker-everything-dirty.yaml"};
    /** One session per sample, run to the end once: its timeline names every moment there is. */
    private static final Map<String, LiveSession> REWOUND = new HashMap<>();

    record Target(String sample, double position, boolean boundary) {
    }

    @Provide
    Arbitrary<Target> targets() {
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.doubles().between(0, 1),
                Arbitraries.of(true, false)).as(Target::new);
    }

    @Property(tries = 24)
    void rewindingEqualsRunningStraight(@ForAll("targets") Target t) {
        LiveSession back = REWOUND.computeIfAbsent(t.sample(), s -> {
            LiveSession l = Sessions.open(s);
            await(l.runToEnd());
            return l;
        });
        io.ioptexplorer.hardware.timeline.TimelineIndex tl = Sessions.index(back);
        long first = tl.firstSeqOfStep(0);
        long seq = first + (long) (t.position() * (tl.size() - 1 - first));
        int step = tl.stepOf(seq);
        Moment m = t.boundary() ? new Moment(step, tl.firstSeqOfStep(step) - 1) : new Moment(step, seq);

        await(back.runToEnd()); // from the end, so the move is always a rewind
        MachineSnapshot rewound = await(back.goTo(m));
        String viaRewind = get(back.query(MachineFingerprint::of));

        Topology topology = Sessions.sample(t.sample());
        LiveSession straight = new LiveSession(Sessions.UI);
        try {
            await(straight.open(topology, ScenarioRun.seedFor(topology, null)));
            MachineSnapshot there = await(straight.goTo(m));
            assertThat(there.moment()).isEqualTo(rewound.moment()).isEqualTo(m);
            assertThat(there.outcomes()).isEqualTo(rewound.outcomes());
            String viaStraight = get(straight.query(MachineFingerprint::of));
            assertThat(viaRewind).isEqualTo(viaStraight);
        } finally {
            straight.close();
        }
    }

    @AfterContainer
    static void closeAll() {
        REWOUND.values().forEach(LiveSession::close);
        REWOUND.clear();
    }
}
