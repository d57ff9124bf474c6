package io.ioptexplorer.benchmarks.iommu;

import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GET_DIRTY_BITMAP (read and clear) over 4096 pages of which 1 in 8 was written, with one gathered IOTLB
 * invalidation ({@code GATHERED}, the baseline: what the kernel does) against one invalidation per cleaned entry
 * ({@code PER_ENTRY}). Each operation first re-dirties the same 512 pages, identically in both.
 * Besides wall time, the simulated invalidation time is what differs: see the unit's {@code invalidationNs}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReadAndClearBatchingBenchmark {
    private static final int PAGES = 4096;

    @Param({"GATHERED", "PER_ENTRY"})
    public InvalidationBatching batching;

    private DmaRig rig;

    @Setup
    public void setUp() {
        rig = new DmaRig(PAGES, batching);
    }

    @Benchmark
    public long readAndClear() {
        for (long p = 0; p < PAGES; p += 8) {
            rig.write(p);
        }
        return rig.iommufd.getDirtyBitmap(rig.hwpt, DmaRig.BASE, PAGES * 4096L, 4096, 0).cardinality();
    }

    /** For the sanity test only. */
    DmaRig rigForTest() {
        return rig;
    }
}
