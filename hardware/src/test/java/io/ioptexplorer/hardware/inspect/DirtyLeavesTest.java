package io.ioptexplorer.hardware.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stale-IOTLB sample step by step: the Dirty bits the page table holds, page by page, read without clearing. */
class DirtyLeavesTest {
    private static final long FIRST = 0x2000000L >>> 12;

    private static ScenarioRun run(String sample) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        return new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
    }

    private static PageBits only(Map<Integer, PageBits> perHwpt) {
        assertThat(perHwpt).hasSize(1);
        return perHwpt.values().iterator().next();
    }

    @Test
    void theFourPagesTheNicWritesAreDirtyUntilTheReadClearsThemAndTheStaleIotlbKeepsThemClean() throws Exception {
        ScenarioRun r = run("stale-iotlb-hazard.yaml");
        r.step(); // set-dirty-tracking
        assertThat(only(DirtyLeaves.of(r.machine())).cardinality()).isZero();
        r.step(); // dma: 4 pages at 0x2000000
        PageBits afterDma = only(DirtyLeaves.of(r.machine()));
        assertThat(afterDma.cardinality()).isEqualTo(4);
        for (long f = FIRST; f < FIRST + 4; f++) {
            assertThat(afterDma.contains(f)).as("frame %x", f).isTrue();
        }
        assertThat(only(DirtyLeaves.of(r.machine())).cardinality()).as("reading did not clear").isEqualTo(4);
        r.step(); // get-dirty-bitmap: read and clear
        assertThat(only(DirtyLeaves.of(r.machine())).cardinality()).isZero();
        r.step(); // dma through the stale IOTLB entries cached dirty: the page table is not written
        assertThat(only(DirtyLeaves.of(r.machine())).cardinality()).isZero();
    }

    @Test
    void aDirtyTwoMegabyteLeafCountsWithEveryPageItMaps() throws Exception {
        ScenarioRun r = run("tour-dirty-tracking-basics.yaml");
        long most = 0;
        while (r.hasNext()) {
            r.step();
            for (PageBits p : DirtyLeaves.of(r.machine()).values()) {
                most = Math.max(most, p.cardinality());
            }
        }
        // the tour writes into a 2 MiB leaf before splitting it: 512 pages dirty at once
        assertThat(most).isGreaterThanOrEqualTo(512);
    }
}
