package io.ioptexplorer.hardware.inspect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * From the first moment of a migration the lanes are never empty: before a sync, the round under way shows its
 * trackers "not read yet" and the pages written so far, which at the sync are exactly the ground truth the sync
 * then reports.
 */
class PendingRoundTest {
    @Test
    void theRoundUnderWayShowsTheWritesSoFarAndTheSyncConfirmsThem() throws Exception {
        Topology t = TopologyLoader.load(SampleLanes.SAMPLES.resolve("stale-iotlb-hazard.yaml"));
        TrackingRecorder recorder = new TrackingRecorder(EventSink.NONE, null);
        List<TrackingSnapshot> atStart = new ArrayList<>();
        List<TrackingSnapshot> atFirstSync = new ArrayList<>();
        ScenarioRun[] run = new ScenarioRun[1];
        run[0] = new ScenarioRun(t, ScenarioRun.seedFor(t, null), recorder, (TimelineEvent e) -> {
            if (e.event() instanceof VmmEvents.MigrationStarted && atStart.isEmpty()) {
                recorder.attach(run[0].machine());
                atStart.add(recorder.snapshot());
            } else if (e.event() instanceof VmmEvents.TrackerLane l && l.round() == 0 && atFirstSync.isEmpty()) {
                atFirstSync.add(recorder.snapshot());
            }
        }, true);
        run[0].runAll(null);
        recorder.attach(run[0].machine());

        MigrationLanes start = atStart.get(0).lanes().get(0);
        assertThat(start.result()).isEqualTo("running");
        assertThat(start.rounds()).singleElement().satisfies(r -> {
            assertThat(r.pending()).isTrue();
            assertThat(r.label()).isEqualTo("round 0 (not read yet)");
            assertThat(r.trackers()).isEmpty(); // no sync yet: the trackers are not known by name
        });

        LaneRound pending = atFirstSync.get(0).lanes().get(0).rounds().get(0);
        assertThat(pending.pending()).isTrue();
        LaneRound synced = recorder.snapshot().lanes().get(0).rounds().get(0);
        assertThat(synced.pending()).isFalse();
        long written = pending.union().orElseThrow().truePages();
        assertThat(written).isPositive();
        assertThat(written).isEqualTo(synced.union().orElseThrow().truePages());
        // what was written so far is no loss: a round under way never names a lost page
        long[] someWritten = {-1};
        pending.union().orElseThrow().truth().forEachFrame(f -> someWritten[0] = f);
        assertThat(atFirstSync.get(0).lanes().get(0).syncThatLost(someWritten[0] << 12)).isEmpty();
    }
}
