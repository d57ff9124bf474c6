package io.ioptexplorer.benchmarks.iommu;

import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated DMA writes per second on one core, through the whole IOMMU path (IOTLB lookup, walk on a miss with the
 * Dirty update, IOTLB fill, guest page version bump), against a baseline that does the least any DMA model must:
 * one array lookup for the translation and one version bump.
 *
 * <ul>
 *   <li>{@code writeHits}: 256 pages round-robin, all resident in the 512-entry IOTLB and cached dirty;</li>
 *   <li>{@code writeMisses}: a 64 MiB stride pattern (16384 pages), so nearly every write misses and walks;</li>
 *   <li>{@code baseline}: the same page sequence as {@code writeHits} through a flat {@code long[]} table.</li>
 * </ul>
 * Aim (issue 4): 10 M writes/s with hits. Results: see README "Performance".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DmaWriteBenchmark {
    private static final int HOT_PAGES = 256;
    private static final int ALL_PAGES = 16384;

    private DmaRig rig;
    private long[] flatTable;
    private int[] flatVersions;
    private long hotCursor;
    private long missCursor;
    private int baseCursor;

    @Setup
    public void setUp() {
        rig = new DmaRig(ALL_PAGES, InvalidationBatching.GATHERED);
        flatTable = new long[ALL_PAGES];
        flatVersions = new int[ALL_PAGES];
        for (int i = 0; i < ALL_PAGES; i++) {
            flatTable[i] = rig.memory.hostBase() + ((long) i << 12);
        }
    }

    @Benchmark
    public long writeHits() {
        long page = hotCursor++ & (HOT_PAGES - 1);
        return rig.write(page);
    }

    @Benchmark
    public long writeMisses() {
        // 1021 is odd, so the sequence visits every page before repeating; consecutive pages are far apart.
        long page = (missCursor += 1021) & (ALL_PAGES - 1);
        return rig.write(page);
    }

    @Benchmark
    public long baseline() {
        int page = baseCursor++ & (HOT_PAGES - 1);
        long pa = flatTable[page];
        flatVersions[(int) ((pa - rig.memory.hostBase()) >>> 12)]++;
        return pa;
    }

    /** For the sanity test only. */
    DmaRig rigForTest() {
        return rig;
    }
}
