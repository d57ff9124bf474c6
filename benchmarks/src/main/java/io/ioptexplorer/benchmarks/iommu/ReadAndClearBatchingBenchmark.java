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
 *
 * <p>2026-11-30 (CPU 1 only, {@code -f 3 -wi 3 -i 5}, the fastest iteration of each fork): PER_ENTRY 120.6-128.3 us,
 * GATHERED 58.5-59.2 us. The build before the page-table range iterator (69aa780), same run: 548-758 us and
 * 62.6-66.9 us. Issue 15's comparison had found PER_ENTRY 1.3x-1.4x slower than that build (584-636 us against
 * 817-911 us, fork minima): both spent 80% of the time in {@code Iotlb.invalidateRange} scanning all 512 slots for
 * each one-page invalidation, and the old build's forks were bimodal (about 520 or 700 us) where the new ones were
 * not. A range invalidation now probes the sets a small range's leaves can live in, as a lookup does
 * ({@code IotlbRangeInvalidationPropertyTest} holds it to the scan).
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
