package io.ioptexplorer.viewmodel.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.Moment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The feed's cache of a round's lanes. Many events share one simulated nanosecond (the RISC-V sample's round 0 writes
 * about a hundred pages at time 0), so a capture taken earlier in that nanosecond is not the lanes of a later moment
 * of it: the cache must follow the moment, not the clock. (Found as a flaky {@code CheckpointRewindProperties} case:
 * a frame's capture during the run left the lanes of an earlier event of the same nanosecond.)
 */
class TrackingFeedTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");
    private static final Path SAMPLE = SAMPLES.resolve("riscv-no-upstream-dirty.yaml");
    /** In step 3 (migrate), round 0 starts at event 27 and every event up to 247 happens at simulated time 0. */
    private static final int MIGRATE = 3;
    private static final long EARLY = 40;
    private static final long LATE = 240;

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A session of the sample with a feed watching it from the machine's assembly on. */
    private record Watched(LiveSession session, TrackingFeed feed) implements AutoCloseable {
        static Watched open() throws Exception {
            return open(SAMPLE);
        }

        static Watched open(Path sample) throws Exception {
            LiveSession s = new LiveSession(Runnable::run);
            TrackingFeed f = new TrackingFeed(s);
            Topology t = TopologyLoader.load(sample);
            await(s.open(t, ScenarioRun.seedFor(t, null)));
            return new Watched(s, f);
        }

        TrackingSnapshot at(Moment m) {
            await(session.goTo(m));
            return await(session.query(feed::capture));
        }

        @Override
        public void close() {
            session.close();
        }
    }

    @Test
    void aLaterMomentOfTheSameNanosecondShowsTheLanesOfThatMoment() throws Exception {
        try (Watched passing = Watched.open(); Watched straight = Watched.open()) {
            TrackingSnapshot early = passing.at(new Moment(MIGRATE, EARLY));
            TrackingSnapshot late = passing.at(new Moment(MIGRATE, LATE));
            TrackingSnapshot lateStraight = straight.at(new Moment(MIGRATE, LATE));

            assertThat(late).isEqualTo(lateStraight);
            assertThat(late).isNotEqualTo(early); // the pages written between the two moments are on the lanes
        }
    }

    /**
     * A moment the machine stands at inside a step is taken whole, not only at the step's boundaries: the tour's
     * set-dirty-tracking step (index 6) turns SSADE, and with it tracking, on at its event 18, and the topology view
     * must say so when the machine stops at 23 after stopping at 16 (found as a second flaky
     * {@code CheckpointRewindProperties} case: the rewound session showed tracking on, the straight one, whose
     * capture from earlier in the step was kept, off). On the code before, {@code after} read tracking off.
     */
    @Test
    void aLaterMomentOfTheSameStepShowsTheTopologyOfThatMoment() throws Exception {
        Path tour = SAMPLES.resolve("tour-dirty-tracking-basics.yaml");
        try (Watched passing = Watched.open(tour); Watched straight = Watched.open(tour)) {
            TrackingSnapshot before = passing.at(new Moment(6, 16));
            TrackingSnapshot after = passing.at(new Moment(6, 23));
            TrackingSnapshot afterStraight = straight.at(new Moment(6, 23));

            assertThat(after).isEqualTo(afterStraight);
            assertThat(before.topology().hwpts().get(0).dirtyTrackingOn()).isFalse();
            assertThat(after.topology().hwpts().get(0).dirtyTrackingOn()).isTrue();
        }
    }
}
