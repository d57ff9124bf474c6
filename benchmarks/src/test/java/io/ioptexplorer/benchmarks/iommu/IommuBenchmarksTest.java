package io.ioptexplorer.benchmarks.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body once and checks it measures what it claims (no timing asserted here). */
class IommuBenchmarksTest {

    @Test
    void hitsStayInTheIotlbAndMissesDoNot() {
        DmaWriteBenchmark b = new DmaWriteBenchmark();
        b.setUp();
        for (int i = 0; i < 4096; i++) {
            b.writeHits();
        }
        var afterHits = b.rigForTest().unit.stats().iotlb();
        assertThat(afterHits.misses()).isEqualTo(256);
        for (int i = 0; i < 4096; i++) {
            b.writeMisses();
        }
        var afterMisses = b.rigForTest().unit.stats().iotlb();
        assertThat(afterMisses.misses() - afterHits.misses()).isGreaterThan(3500);
        assertThat(b.baseline()).isEqualTo(b.rigForTest().memory.hostBase());
    }

    @Test
    void bothBatchingModesReportTheSameBitmapAtDifferentInvalidationCost() {
        ReadAndClearBatchingBenchmark gathered = new ReadAndClearBatchingBenchmark();
        gathered.batching = InvalidationBatching.GATHERED;
        gathered.setUp();
        ReadAndClearBatchingBenchmark perEntry = new ReadAndClearBatchingBenchmark();
        perEntry.batching = InvalidationBatching.PER_ENTRY;
        perEntry.setUp();
        assertThat(gathered.readAndClear()).isEqualTo(512);
        assertThat(perEntry.readAndClear()).isEqualTo(512);
        assertThat(perEntry.rigForTest().unit.stats().invalidationNs())
                .isGreaterThan(100 * gathered.rigForTest().unit.stats().invalidationNs() / 2);
    }
}
