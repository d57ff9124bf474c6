package io.ioptexplorer.benchmarks.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs every page-table benchmark method once, on small sizes, and checks subject and baseline agree. */
class PagetableBenchmarksTest {

    @Test
    void writeWalkEngineAndBaselineReachTheSamePhysicalAddresses() {
        for (String format : new String[] {"vtdss-4level", "amdv1-4level"}) {
            WriteWalkBenchmark b = new WriteWalkBenchmark();
            b.format = format;
            b.pages = 2048;
            b.setup();
            for (int i = 0; i < 3000; i++) {
                int p = b.pos;
                long engine = b.engineWriteWalk();
                b.pos = p;
                long record = b.engineTranslateRecord();
                b.pos = p;
                long base = b.baselineFourLoads();
                assertThat(engine).isEqualTo(base).isEqualTo(record).isPositive();
                if (format.startsWith("vtdss")) {
                    b.pos = p;
                    assertThat(b.referenceHandWrittenVtdWalk()).isEqualTo(engine);
                    b.pos = p;
                    assertThat(b.referenceNoChecksVtdWalk()).isEqualTo(engine);
                    b.pos = p;
                    assertThat(b.referenceFlatArrayVtdWalk()).isEqualTo(engine);
                    b.pos = p;
                    assertThat(b.referenceOffHeapVtdWalk()).isEqualTo(engine);
                }
            }
            b.freeOffHeap();
        }
    }

    @Test
    void dirtyScanEngineAndBaselineRecordTheSameLeaves() {
        DirtyScanBenchmark b = new DirtyScanBenchmark();
        DirtyScanBenchmark.Engine e = new DirtyScanBenchmark.Engine();
        DirtyScanBenchmark.Flat f = new DirtyScanBenchmark.Flat();
        e.leaves = 1 << 16;
        f.leaves = 1 << 16;
        e.map();
        f.fill();
        for (int round = 0; round < 2; round++) {
            e.dirtyOneInEight();
            f.dirtyOneInEight();
            long engine = b.engineReadAndClearDirty(e);
            long flat = round == 0 ? b.baselineScanAndClear(f) : b.baselineScanAndClearRegisters(f);
            assertThat(engine).isEqualTo(flat);
            assertThat(e.sum.count).isEqualTo((1 << 16) / 8);
            assertThat(b.engineReadAndClearDirty(e)).isEqualTo(b.baselineScanAndClear(f)).isZero();
        }
        DirtyScanBenchmark.Engine amd = new DirtyScanBenchmark.Engine();
        amd.format = "amdv1-4level";
        amd.leaves = 1 << 16;
        amd.map();
        amd.dirtyOneInEight();
        f.dirtyOneInEight();
        assertThat(b.engineReadAndClearDirty(amd)).isEqualTo(b.baselineScanAndClear(f));
    }

    @Test
    void mapMemoryEngineAndBaselineWriteTheSameNumberOfEntries() {
        MapMemoryBenchmark b = new MapMemoryBenchmark();
        b.bytes = 256L << 20;
        assertThat(b.engineMap64GiB()).isEqualTo(b.baselineFlatArray()).isEqualTo(65536);
        assertThat(b.lastLiveBytes).isEqualTo((128 + 1 + 1 + 1) * 4096L);
    }
}
