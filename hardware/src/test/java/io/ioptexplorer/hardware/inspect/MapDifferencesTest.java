package io.ioptexplorer.hardware.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.DirtyRecorder;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A pinned moment's leaves as runs, and the IOVA map buckets that differ from it now, at any zoom. */
class MapDifferencesTest {
    private static final int RW = Prot.READ | Prot.WRITE;

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    private static List<Integer> differing(MapDifferences d) {
        return IntStream.range(0, d.buckets()).filter(d::differs).boxed().toList();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void pagesDirtiedUnmappedOrMappedSinceThePinAreTheBucketsMarked(PageTableFormat fmt) {
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        long g = fmt.granule();
        int gs = Long.numberOfTrailingZeros(g);
        pt.map(0, 1L << 32, 64 * g, RW, g);
        // Some formats map writable pages dirty (no hardware dirty tracking upstream): start every one clean.
        pt.readAndClearDirty(0, 64 * g, 0, DirtyRecorder.NONE);
        pt.setDirty(1 * g);
        LeafRuns then = LeafRuns.of(pt, 0, -1L, 1000);
        assertThat(then.count()).as("clean, dirty, clean").isEqualTo(3);
        assertThat(differing(MapDifferences.between(then, pt, 0, gs, 128))).as("nothing changed yet").isEmpty();

        pt.setDirty(2 * g);
        pt.unmap(9 * g, g);
        pt.map(100 * g, 1L << 33, g, RW, g);
        assertThat(differing(MapDifferences.between(then, pt, 0, gs, 128))).containsExactly(2, 9, 100);
        // 16 pages a bucket: bucket 0 was dirty already and still is, yet a page in it changed.
        IovaMap map = IovaMapCapture.capture(pt, 0, gs + 4, 8);
        assertThat(map.state(0)).isEqualTo(IovaMap.DIRTY);
        assertThat(differing(MapDifferences.between(then, pt, 0, gs + 4, 8))).containsExactly(0, 6);
    }

    @Test
    void aSplitChangesTheLeafSizeSoItsBucketsDifferThoughEveryPageIsStillMappedClean() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(0x200000, 0x40000000L, 0x200000, RW, 0x200000);
        LeafRuns then = LeafRuns.of(pt, 0, -1L, 1000);
        pt.split(0x200000, 0x200000, 4096);
        MapDifferences d = MapDifferences.between(then, pt, 0, 21, 4); // 2 MiB buckets
        assertThat(differing(d)).containsExactly(1);
        assertThat(LeafRuns.of(pt, 0, -1L, 1000).count()).as("512 clean 4 KiB leaves are one run").isEqualTo(1);
    }

    @Test
    void whatThePinDidNotReadIsNeverMarked() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        for (int p = 0; p < 8; p += 2) {
            pt.map(p * 4096L, 0x100000L + p * 4096L, 4096, RW, 4096); // 4 runs: every other page
        }
        LeafRuns then = LeafRuns.of(pt, 0, -1L, 2);
        assertThat(then.count()).isEqualTo(2);
        assertThat(then.readTo()).isEqualTo(0x2fffL);
        for (int p = 0; p < 8; p += 2) {
            pt.setDirty(p * 4096L);
        }
        pt.unmap(0, 8 * 4096);
        assertThat(differing(MapDifferences.between(then, pt, 0, 12, 16))).containsExactly(0, 2);
    }

    @Test
    void theRunsFollowTheLeavesInIovaOrderAndMergeOnlyContiguousLeavesOfOneSizeAndState() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(0, 0x100000000L, 0x400000, RW, 0x200000); // two 2 MiB leaves
        pt.map(0x400000, 0x200000000L, 0x2000, RW, 4096); // two 4 KiB leaves
        pt.map(0x403000, 0x300000000L, 0x1000, RW, 4096); // a hole at 0x402000, then one more
        LeafRuns r = LeafRuns.of(pt, 0, -1L, 1000);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < r.count(); i++) {
            runs.add(Long.toHexString(r.first(i)) + "-" + Long.toHexString(r.last(i)) + "/" + r.leafShift(i));
        }
        assertThat(runs).containsExactly("0-3fffff/21", "400000-401fff/12", "403000-403fff/12");
        assertThat(r.readTo()).isEqualTo(pt.format().maxIova());
    }

    @ParameterizedTest
    @MethodSource("formats")
    void theOnePassComparisonMarksWhatReadingBothMomentsWholeMarksAndDrawsTheSameMap(PageTableFormat fmt) {
        long g = fmt.granule();
        int gs = Long.numberOfTrailingZeros(g);
        List<Long> sizes = new ArrayList<>();
        for (int level = 0; level < fmt.levels(); level++) {
            long bits = fmt.leafSizesAt(level);
            for (int b = 0; b < 64; b++) {
                long s = 1L << b;
                if ((bits & s) != 0 && s <= 512 * g && !sizes.contains(s)) {
                    sizes.add(s);
                }
            }
        }
        for (int seed = 0; seed < 12; seed++) {
            Random rnd = new Random(seed);
            IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
            long span = 2048 * g;
            if (seed % 2 == 0) { // whole leaf tables of one size and state, as large guests have
                pt.map(0, 1L << 32, span, RW, g);
            }
            randomOps(pt, rnd, sizes, span, seed % 2 == 0 ? 4 : 40);
            pt.readAndClearDirty(0, span, 0, DirtyRecorder.NONE);
            randomOps(pt, rnd, sizes, span, 10);
            LeafRuns then = LeafRuns.of(pt, 0, -1L, rnd.nextBoolean() ? 1000 : 1 + rnd.nextInt(8));
            randomOps(pt, rnd, sizes, span, 1 + rnd.nextInt(6));
            for (int zoom = 0; zoom < 8; zoom++) {
                int shift = gs + rnd.nextInt(11);
                int buckets = 1 + rnd.nextInt(300);
                long firstIova = rnd.nextInt(3) == 0 ? 0 : (long) rnd.nextInt(2048) * g;
                IovaMapCapture.Compared c = IovaMapCapture.captureComparing(pt, firstIova, shift, buckets, then);
                long first = firstIova & -(1L << shift);
                long last = first + ((long) buckets << shift) - 1;
                MapDifferences want = reference(then, LeafRuns.of(pt, first, last, Integer.MAX_VALUE), first, shift,
                    buckets);
                String where = fmt.name() + " seed " + seed + " shift " + shift + " from 0x"
                    + Long.toHexString(first) + " buckets " + buckets;
                assertThat(differing(c.differences())).as(where).isEqualTo(differing(want));
                IovaMap plain = IovaMapCapture.capture(pt, firstIova, shift, buckets);
                for (int b = 0; b < buckets; b++) {
                    assertThat(c.map().state(b)).as(where + " state of bucket " + b).isEqualTo(plain.state(b));
                    assertThat(c.map().leafShift(b)).as(where + " leaf of bucket " + b).isEqualTo(plain.leafShift(b));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void zoomedOutAWholeLeafTableThatDidNotChangeIsNotMarkedAndOnePageThatDidMarksItsBucket(PageTableFormat fmt) {
        long g = fmt.granule();
        int gs = Long.numberOfTrailingZeros(g);
        int perTable = 1 << fmt.bitsPerLevel();
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        pt.map(0, 1L << 32, 4L * perTable * g, RW, g); // four whole leaf tables
        pt.readAndClearDirty(0, 4L * perTable * g, 0, DirtyRecorder.NONE);
        LeafRuns then = LeafRuns.of(pt, 0, -1L, 1000);
        assertThat(then.count()).isEqualTo(1);
        int tableShift = gs + fmt.bitsPerLevel();
        assertThat(differing(MapDifferences.between(then, pt, 0, tableShift, 8))).isEmpty();
        pt.setDirty((perTable + 7) * g); // table 1
        pt.unmap((2L * perTable + 300) * g, g); // table 2
        assertThat(differing(MapDifferences.between(then, pt, 0, tableShift, 8))).containsExactly(1, 2);
        assertThat(differing(MapDifferences.between(then, pt, 0, tableShift + 1, 4))).containsExactly(0, 1);
        pt.translate(5 * g, io.ioptexplorer.hardware.pagetable.Access.READ); // table 0: Accessed, where formats have A
        List<Integer> marked = differing(MapDifferences.between(then, pt, 0, tableShift, 8));
        assertThat(marked).isEqualTo(differing(reference(then, LeafRuns.of(pt, 0, (8L << tableShift) - 1,
            Integer.MAX_VALUE), 0, tableShift, 8))).contains(1, 2);
    }

    /** Maps, unmaps, dirties, accesses and splits at random within {@code span}. */
    private static void randomOps(IoPageTable pt, Random rnd, List<Long> sizes, long span, int n) {
        long g = pt.format().granule();
        for (int k = 0; k < n; k++) {
            long size = sizes.get(rnd.nextInt(sizes.size()));
            long iova = (rnd.nextLong() & Long.MAX_VALUE) % span / size * size;
            int op = rnd.nextInt(5);
            try {
                if (op == 0 || op == 1) {
                    pt.map(iova, (1L << 32) + iova, size, RW, size);
                } else if (op == 2) {
                    pt.unmap(iova, size);
                } else if (op == 3) {
                    pt.setDirty((rnd.nextLong() & Long.MAX_VALUE) % span / g * g);
                } else if (size > g) {
                    pt.split(iova, size, g);
                }
            } catch (RuntimeException refused) {
                // refused here (mapped already, a partial unmap of a larger leaf, nothing to dirty or split)
            }
        }
    }

    /**
     * The reference the one-pass comparison is checked against (the comparison before 2026-11-29): both moments read
     * whole as runs, then merged; the buckets where they differ, over what both describe.
     */
    static MapDifferences reference(LeafRuns a, LeafRuns b, long first, int bucketShift, int buckets) {
        BitSet out = new BitSet(buckets);
        long last = first + ((long) buckets << bucketShift) - 1;
        if (Long.compareUnsigned(last, first) < 0) {
            last = -1L;
        }
        long from = max(first, max(a.readFrom(), b.readFrom()));
        long to = min(last, min(a.readTo(), b.readTo()));
        if (Long.compareUnsigned(from, to) > 0) {
            return new MapDifferences(out, buckets);
        }
        int i = a.firstEndingAtOrAfter(from);
        int j = b.firstEndingAtOrAfter(from);
        long x = from;
        while (true) {
            // The stretch from x on where neither side changes: inside a run, or in the gap before the next one.
            boolean inA = i < a.count() && Long.compareUnsigned(a.first(i), x) <= 0;
            boolean inB = j < b.count() && Long.compareUnsigned(b.first(j), x) <= 0;
            long endA = inA ? a.last(i) : i < a.count() ? a.first(i) - 1 : -1L;
            long endB = inB ? b.last(j) : j < b.count() ? b.first(j) - 1 : -1L;
            long end = min(to, min(endA, endB));
            boolean same = inA == inB && (!inA || a.state(i) == b.state(j) && a.leafShift(i) == b.leafShift(j));
            if (!same) {
                out.set((int) ((x - first) >>> bucketShift), (int) ((end - first) >>> bucketShift) + 1);
            }
            if (end == to) {
                return new MapDifferences(out, buckets);
            }
            if (inA && end == endA) {
                i++;
            }
            if (inB && end == endB) {
                j++;
            }
            x = end + 1;
        }
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

}
