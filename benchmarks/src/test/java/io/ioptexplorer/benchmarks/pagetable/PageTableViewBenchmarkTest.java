package io.ioptexplorer.benchmarks.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.IovaMap;
import org.junit.jupiter.api.Test;

/** The page-table view benchmark on 256 MiB: the subjects do what they claim and agree with the baselines. */
class PageTableViewBenchmarkTest {
    @Test
    void expansionsFoldAsExpectedAndTheMapCaptureEqualsTheFlatScan() {
        PageTableViewBenchmark b = new PageTableViewBenchmark();
        b.bytes = 256L << 20;
        b.dirtyEvery = 8;
        b.setup();
        // 256 MiB = 128 level-0 tables under one level-1 table, then one row for its 384 empty entries.
        assertThat(b.expandTableOfTables()).isEqualTo(129);
        // 512 leaves, leaf 3 of every 8 dirty: 3 clean, then 64 dirty rows between 63 runs of 7 clean, then 4 clean.
        assertThat(b.expandTableOfLeaves()).isEqualTo(129);
        assertThat(b.expandRun()).isEqualTo((int) b.run.count());
        assertThat(b.baselineCopyTablePage()).isEqualTo(512);
        IovaMap map = b.captureMap64GiB();
        byte[] flat = b.baselineFlatMapScan();
        for (int i = 0; i < flat.length; i++) {
            assertThat(map.state(i)).isEqualTo(flat[i]);
        }
        assertThat(map.state(0)).isEqualTo(IovaMap.DIRTY);
    }
}
