package io.ioptexplorer.hardware.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The stale-IOTLB sample, step by step: the IOTLB capture names the stale entries until the invalidation. */
class IotlbCaptureTest {
    private static ScenarioRun run(String sample) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        return new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
    }

    private static IotlbSnapshot vtd0(ScenarioRun r) {
        return MachineInspect.iotlbs(r.machine()).get(0);
    }

    @Test
    void entriesCachedDirtyGoStaleWhenTheDirtyBitIsClearedWithoutInvalidationAndTheMarkGoesWithTheInvalidation()
        throws Exception {
        ScenarioRun r = run("stale-iotlb-hazard.yaml");
        r.step(); // set-dirty-tracking
        r.step(); // dma: 4 misses, 4 fills cached dirty
        IotlbSnapshot afterDma = vtd0(r);
        assertThat(afterDma.unitId()).isEqualTo("vtd0");
        assertThat(afterDma.lines()).filteredOn(l -> l.leafIova() >= 0x2000000 && l.leafIova() < 0x2004000)
            .hasSize(4).allSatisfy(l -> {
                assertThat(l.cachedDirty()).isTrue();
                assertThat(l.stale()).isFalse();
            });

        r.step(); // get-dirty-bitmap: D cleared, the injected fault skips the flush
        IotlbSnapshot stale = vtd0(r);
        assertThat(stale.lines()).filteredOn(IotlbLine::stale).hasSize(4).allSatisfy(l -> {
            assertThat(l.staleWhy()).contains("Dirty bit was cleared");
            assertThat(l.hwptId()).isGreaterThanOrEqualTo(0);
            assertThat(l.way()).isEqualTo(l.slot() % stale.ways());
        });

        r.step(); // dma through the stale entries
        r.step(); // get-dirty-bitmap: nothing
        assertThat(vtd0(r).staleCount()).isEqualTo(4);
        r.step(); // iotlb-invalidate
        assertThat(vtd0(r).lines()).filteredOn(l -> l.leafIova() >= 0x2000000 && l.leafIova() < 0x2004000)
            .isEmpty();
        assertThat(vtd0(r).staleCount()).isZero();
        r.step(); // dma again: fresh entries, not stale
        assertThat(vtd0(r).staleCount()).isZero();
        assertThat(vtd0(r).stats().misses()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theTourSplitTurnsTheTwoMegabyteLeafIntoOneFoldedRunOf512LeavesCarryingItsAccessedBit() throws Exception {
        ScenarioRun r = run("tour-dirty-tracking-basics.yaml");
        while (r.nextIndex() <= 12) { // up to and including the split
            r.step();
        }
        var hwpt = MachineInspect.hwpts(r.machine()).get(0);
        RadixFolding f = new RadixFolding(MachineInspect.pageTable(r.machine(), hwpt.id()));
        java.util.List<PtRow> runs = new java.util.ArrayList<>();
        f.forEachRun(runs::add);
        assertThat(runs).filteredOn(x -> x.firstIova() == 0x200000).singleElement().satisfies(x -> {
            assertThat(x.level()).isZero();
            assertThat(x.count()).isEqualTo(512);
            assertThat(x.leafSize()).isEqualTo(4096);
            assertThat(x.accessed()).isTrue();
        });
    }
}
