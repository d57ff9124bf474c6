package io.ioptexplorer.benchmarks.pagetable;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.IovaMapCapture;
import io.ioptexplorer.hardware.inspect.LeafRuns;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The page-table window's two costs on a 64 GiB guest mapped with 4 KiB leaves (16 M leaves, VT-d second stage,
 * 4 levels; 1 leaf in 8 dirty, so runs fold into 7 + 1): expanding a node of the tree (the capture the simulation
 * thread runs for one expansion) and capturing the whole IOVA map (16384 cells of 4 MiB, every leaf read once).
 * Target: each at most 16 ms. Baselines in the same run: copying one table page's 512 entries (what any expansion
 * must read) and scanning a flat {@code long[16M]} of the same entries into the same 16384 buckets through the same
 * format calls (what any map capture must read). The map is also captured while a pinned moment is compared, against
 * the capture without a pin.
 *
 * <p>Results: see the README's Performance table (settings and figures of the last run). Compared with a pin, on
 * 2026-11-29 at load 4-5: 14.5 +- 4.6 ms with no dirty leaf (11.4 +- 1.7 ms without a pin), 1.90 +- 0.20 ms with 1 leaf
 * in 8 dirty (1.18 +- 0.09 ms); it was 227-245 ms when the comparison read the window a second time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class PageTableViewBenchmark {
    static final long PA = 1L << 41;
    static final int BUCKETS = 128 * 128;

    @Param("68719476736") // 64 GiB (2^36; it was 2^34, 16 GiB, until 2026-11-29)
    public long bytes;

    /** One leaf in this many is dirty; 0: none (the map capture must then read every leaf). */
    @Param({"8", "0"})
    public int dirtyEvery;

    PageTableFormat fmt;
    IoPageTable pt;
    RadixFolding folding;
    /** A level-2 entry whose table holds 512 table entries: expanding it gives 512 table rows. */
    PtRow tableOfTables;
    /** A level-1 entry whose table holds 512 leaves, 1 in 8 dirty: 128 folded rows. */
    PtRow tableOfLeaves;
    /** A folded run of 7 clean leaves: expanding it gives one row per leaf. */
    PtRow run;
    long[] flat;
    int shift;
    /**
     * The pinned moment the compared capture marks differences from: the same 64 GiB as mapped before any page was
     * dirtied (one run of clean leaves), read as {@code PinBaseline} reads it (at most 2^20 runs).
     */
    LeafRuns pinnedClean;

    @Setup(Level.Trial)
    public void setup() {
        fmt = PageTableFormats.vtdSecondStage(4);
        pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        pt.map(0, PA, bytes, Prot.READ | Prot.WRITE, 4096);
        pinnedClean = LeafRuns.of(pt, 0, -1L, 1 << 20);
        long pages = bytes >>> 12;
        flat = new long[(int) pages];
        for (long p = 0; p < pages; p++) {
            if (dirtyEvery > 0 && p % dirtyEvery == 3) {
                pt.setDirty(p << 12);
            }
        }
        folding = new RadixFolding(pt);
        PtRow l3 = folding.rootRows().get(0);
        tableOfTables = folding.expand(l3).get(0);
        tableOfLeaves = folding.expand(tableOfTables).get(0);
        List<PtRow> leaves = folding.expand(tableOfLeaves);
        run = leaves.get(0).count() > 1 ? leaves.get(0) : leaves.get(1);
        // The flat baseline holds the very same entries, read back leaf by leaf.
        for (long p = 0; p < pages; p++) {
            flat[(int) p] = pt.entryAt(p << 12, 0);
        }
        shift = IovaMapCapture.shiftToShow(bytes, BUCKETS, 12);
    }

    @Benchmark
    public int expandTableOfTables() {
        return folding.expand(tableOfTables).size();
    }

    @Benchmark
    public int expandTableOfLeaves() {
        return folding.expand(tableOfLeaves).size();
    }

    @Benchmark
    public int expandRun() {
        return folding.expand(run).size();
    }

    @Benchmark
    public int rootRows() {
        return folding.rootRows().size();
    }

    @Benchmark
    public long baselineCopyTablePage() {
        return pt.pool().copyOf(tableOfLeaves.outputAddress()).length;
    }

    @Benchmark
    public IovaMap captureMap64GiB() {
        return IovaMapCapture.capture(pt, 0, shift, BUCKETS);
    }

    /**
     * What a refresh of the IOVA map captures while a pinned moment is compared (Compare, Ctrl+Shift+P): the map and
     * the buckets where any page differs from the pin, in one descent ({@code PageTableViewModel.capture}). Measured
     * against {@link #captureMap64GiB} in the same run.
     */
    @Benchmark
    public IovaMapCapture.Compared captureMap64GiBComparedWithPin() {
        return IovaMapCapture.captureComparing(pt, 0, shift, BUCKETS, pinnedClean);
    }

    /** The same buckets from a flat array of the same entries, with the same early stop at a dirty bucket. */
    @Benchmark
    public byte[] baselineFlatMapScan() {
        byte[] state = new byte[BUCKETS];
        int s = shift - 12;
        for (int i = 0; i < flat.length; i++) {
            long e = flat[i];
            if (fmt.kind(e, 0) != PageTableFormat.LEAF) {
                continue;
            }
            byte v = fmt.isDirty(e) ? IovaMap.DIRTY : fmt.isAccessed(e) ? IovaMap.ACCESSED : IovaMap.MAPPED;
            int b = i >>> s;
            if (v > state[b]) {
                state[b] = v;
            }
            if (v == IovaMap.DIRTY) {
                i |= (1 << s) - 1;
            }
        }
        return state;
    }
}
