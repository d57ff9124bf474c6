package io.ioptexplorer.viewmodel.live;

import static io.ioptexplorer.viewmodel.live.Sessions.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Play keeps to the chosen speed. Only the upper bound is asserted: a loaded host can only make play slower, never
 * faster, so these cannot fail for lack of CPU (the stale-IOTLB sample's migrate step, index 8, emits about 490 k
 * events over 1.2 simulated seconds: far more than either speed lets through in the time the test plays).
 */
class PlayPacingTest extends SessionTest {
    private static final int MIGRATE_STEP = 8;
    @Test
    void eventsPerSecondLetsNoMoreEventsThroughThanTheRateAllows() throws Exception {
        MachineSnapshot start = intoTheMigration();
        session.setSpeed(Speed.eventsPerSecond(200));
        MachineSnapshot end = playFor(1500);
        double seconds = elapsed;
        long advanced = end.moment().seq() - start.moment().seq();
        assertThat(advanced).as("events played in %.2f s at 200 ev/s", seconds).isPositive()
                .isLessThanOrEqualTo((long) (200 * seconds) + 10);
    }

    @Test
    void simulatedTimePerSecondLetsNoMoreSimulatedTimeThroughThanTheRateAllows() throws Exception {
        MachineSnapshot start = intoTheMigration();
        session.setSpeed(Speed.simNsPerSecond(1_000_000)); // 1 ms of simulated time per second
        MachineSnapshot end = playFor(1500);
        long simulated = end.timeNs() - start.timeNs();
        assertThat(end.moment().seq()).as("play moved").isGreaterThan(start.moment().seq());
        // This sample's clock moves in 1 ms ticks (one per DMA burst of ~400 events): the event that crosses a tick
        // is the one play waits on, and a pause lets it show, so the moment shown may be one tick ahead. Unpaced, the
        // machine would be hundreds of ticks further.
        assertThat(simulated).as("simulated ns played in %.2f s at 1 ms/s", elapsed)
                .isLessThanOrEqualTo((long) (1_000_000 * elapsed) + 1_000_000);
    }

    private double elapsed;

    private MachineSnapshot intoTheMigration() {
        session = Sessions.open("stale-iotlb-hazard.yaml");
        for (int i = 0; i < MIGRATE_STEP; i++) {
            await(session.stepOver());
        }
        MachineSnapshot s = await(session.stepInto());
        assertThat(s.moment().step()).isEqualTo(MIGRATE_STEP);
        return s;
    }

    /** Plays for about {@code ms}, pauses, and returns where the machine paused; {@link #elapsed} is the play time. */
    private MachineSnapshot playFor(long ms) throws Exception {
        long t0 = System.nanoTime();
        var played = session.play();
        Thread.sleep(ms);
        session.pause();
        MachineSnapshot s = await(played);
        elapsed = (System.nanoTime() - t0) / 1e9;
        assertThat(s.paused()).isTrue();
        return s;
    }
}
