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
import java.util.List;
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
}
