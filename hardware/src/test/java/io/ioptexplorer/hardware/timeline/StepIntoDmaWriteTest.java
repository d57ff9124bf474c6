package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stepping into one DMA write shows the transaction, the IOTLB miss, the walk top level first, the A/D update, the fill. */
class StepIntoDmaWriteTest {

    @Test
    void aDmaWriteOnAFourLevelVtdTableIsMissWalkTopFirstThenDirtyUpdateThenFill() throws Exception {
        Topology t = Samples.load("tour-dirty-tracking-basics.yaml"); // vtd-ss, 4-level, 4 KiB leaves at 1 MiB
        int dmaStep = firstStep(t, "dma");
        List<TimelineEvent> all = Samples.fullRun(t);
        List<TimelineEvent> step = all.stream().filter(e -> e.step() == dmaStep).toList();

        // the first write of the step, up to the next transaction
        List<TimelineEvent> write = new ArrayList<>();
        for (TimelineEvent e : step) {
            if (e.event() instanceof DmaAccess && !write.isEmpty()) {
                break;
            }
            write.add(e);
        }
        assertThat(write).extracting(e -> e.kind().id()).containsExactly("dma-access", "iotlb-miss", "walk-step",
                "walk-step", "walk-step", "walk-step", "entry-updated", "iotlb-fill");
        DmaAccess dma = (DmaAccess) write.get(0).event();
        assertThat(dma.write()).isTrue();
        assertThat(dma.device()).isEqualTo("nic0");
        assertThat(write.subList(2, 6)).extracting(e -> ((WalkStep) e.event()).level()).containsExactly(3, 2, 1, 0);
        assertThat(write.subList(2, 6)).allSatisfy(e -> assertThat(((WalkStep) e.event()).iova())
                .isEqualTo(dma.iova()));
        EntryUpdated ad = (EntryUpdated) write.get(6).event();
        assertThat(ad.reason()).isEqualTo(UpdateReason.HW_DIRTY);
        // VT-d second stage: D is bit 9 of the leaf (reference: dirty-tracking.md)
        assertThat(ad.newEntry() & ~ad.oldEntry() & (1L << 9)).isNotZero();
        // the whole write is one step, in seq order, on vtd0's HWPT
        assertThat(write).extracting(TimelineEvent::seq).isSorted();
        assertThat(write.get(3).info().unit()).isEqualTo("vtd0");
        assertThat(write.get(3).info().hwpt()).isEqualTo(write.get(0).info().hwpt()).isNotNegative();
    }

    @Test
    void aSecondWriteToTheSamePageHitsTheIotlbAndDoesNotWalk() throws Exception {
        Topology t = Samples.load("stale-iotlb-hazard.yaml");
        List<TimelineEvent> all = Samples.fullRun(t);
        // every iotlb-hit is preceded by its transaction and followed by no walk of the same translation
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind() == EventKind.IOTLB_HIT) {
                TimelineEvent next = i + 1 < all.size() ? all.get(i + 1) : null;
                boolean cachedDirty = (Boolean) all.get(i).info().fields().get("cached-dirty");
                if (cachedDirty && next != null) {
                    assertThat(next.kind()).as("after a hit on an entry cached dirty at seq %d", i)
                            .isNotEqualTo(EventKind.WALK_STEP);
                }
            }
        }
        assertThat(all).anyMatch(e -> e.kind() == EventKind.IOTLB_HIT);
    }

    static int firstStep(Topology t, String op) {
        for (int i = 0; i < t.steps().size(); i++) {
            if (t.steps().get(i).op().equals(op)) {
                return i;
            }
        }
        throw new AssertionError("no " + op + " step in " + t.name());
    }
}
