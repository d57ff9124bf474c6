package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.DirtyReadDone;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The result of one read-and-clear on fixed tables, on each of the four scan paths (hand-written level-0 loops or the
 * generic iterator, quiet or with events): the leaves recorded whole, in ascending order, and the gather that the
 * IOTLB flush covers: the hull of the cleaned leaves, as {@code iommu_iotlb_gather_add_range} grows it, and the
 * smallest cleaned leaf (generic_pt {@code read_and_clear_dirty}, drivers/iommu/generic_pt/iommu_pt.h; issue 16's
 * mutation survivors in {@code DirtyScan}).
 *
 * <p>Equivalent mutants left in {@code DirtyScan}: its {@code replicatesAtLevel0} test can only be mutated towards
 * true, which is always correct (it only makes formats without replicas take the slower replica checks), and sending
 * a level-1 table to the generic iterator instead of the level-0 loop changes nothing, which is what
 * {@link DirtyScanPathsTest} shows for every format. Also equivalent: in the level-0 loops, the boundaries of "a
 * group of more than one slot" and "a group cut by the end" (a one-slot group or a group ending exactly at the end
 * is recorded at the same place in the same order either way), {@code to != entries - 1} (a group never runs past
 * the table), the choice of the quiet loop for a one-slot range (the paths agree), the gather's "smaller page" at
 * equality, the quiet loop's count of recorded leaves (only read with events on, which the quiet loop never is), and
 the top-level test for a level-0 table (the walk never starts at level 0), and the quiet loop's {@code p >= 0}
 * mutated to {@code p > 0} (a dirty single-slot leaf at entry 0 of a slab then leaves the inner loop and is taken
 * as a replicated leaf of one slot: {@code dirtyLeaf} records, cleans and gathers it the same). A replicated leaf
 * at slot 0 of a level-0 table that itself starts a table-pool slab is the one place the quiet loop's
 * {@code p < 0} and {@code p <= 0} differ: {@link #aDirtyReplicatedLeafAtTheStartOfASlabIsRead} puts a table there.
 */
class DirtyScanGatherTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;
    private static final int RW = Prot.READ | Prot.WRITE;

    private static IoPageTable table(PageTableFormat f, EventSink sink, boolean fast) {
        return new IoPageTable(f, new TablePagePool(), sink, fast);
    }

    private static List<String> read(IoPageTable pt, long iova, long length, DirtyGather[] gather) {
        List<String> out = new ArrayList<>();
        gather[0] = pt.readAndClearDirty(iova, length, 0, (a, n) -> out.add(Long.toHexString(a) + "+"
                + Long.toHexString(n)));
        return out;
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void smallAndHugeLeavesGatherTheirHullAndTheSmallestSize(boolean fast, boolean events) {
        EventLog log = new EventLog();
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4), events ? log : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, M2, RW, K4);           // 512 leaves of 4 KiB
        pt.map(base + M2, (1L << 40) + M2, M2, RW, M2); // one 2 MiB leaf
        pt.translate(base + 3 * K4, Access.WRITE);
        pt.translate(base + 7 * K4 + 9, Access.WRITE);
        pt.translate(base + M2 + 5, Access.WRITE);
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base, 2 * M2, g)).containsExactly("40003000+1000", "40007000+1000", "40200000+200000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base + 3 * K4, base + 2 * M2, K4, 3));
        // read again: nothing left, an empty gather
        assertThat(read(pt, base, 2 * M2, g)).isEmpty();
        assertThat(g[0].isEmpty()).isTrue();
        if (events) {
            assertThat(log.ofType(DirtyReadDone.class)).extracting(DirtyReadDone::leavesRecorded)
                    .containsExactly(3L, 0L);
        }
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void onlySmallLeavesGatherFromTheFirstToTheEndOfTheLast(boolean fast, boolean events) {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4), events ? new EventLog() : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, M2, RW, K4);
        pt.translate(base + 3 * K4, Access.WRITE);
        pt.translate(base + 7 * K4, Access.WRITE);
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base, M2, g)).containsExactly("40003000+1000", "40007000+1000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base + 3 * K4, base + 8 * K4, K4, 2));
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void aReplicatedAmdLeafIsRecordedWholeAndCleanedInTheReplicaThatWasWritten(boolean fast, boolean events) {
        EventLog log = new EventLog();
        IoPageTable pt = table(PageTableFormats.amdV1(4), events ? log : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, 16 * K4, RW, K4);                       // slots 0..15, 4 KiB each
        pt.map(base + 16 * K4, (1L << 40) + 16 * K4, 16 * K4, RW, 4 * K4); // four 16 KiB leaves, 4 slots each
        pt.translate(base + 2 * K4, Access.WRITE);                      // a small leaf before
        pt.translate(base + 16 * K4 + 2 * K4 + 1, Access.WRITE);        // replica 2 of the first 16 KiB leaf
        pt.translate(base + 28 * K4, Access.WRITE);                     // replica 0 of the last one
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base, 32 * K4, g)).containsExactly("40002000+1000", "40010000+4000", "4001c000+4000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base + 2 * K4, base + 32 * K4, K4, 3));
        if (events) {
            assertThat(log.ofType(EntryUpdated.class)).filteredOn(e -> e.reason() == UpdateReason.CLEAN_DIRTY)
                    .extracting(EntryUpdated::iova)
                    .containsExactly(base + 2 * K4, base + 18 * K4, base + 28 * K4);
            assertThat(log.ofType(DirtyRecorded.class)).containsExactly(
                    new DirtyRecorded(base + 2 * K4, K4, true), new DirtyRecorded(base + 16 * K4, 4 * K4, true),
                    new DirtyRecorded(base + 28 * K4, 4 * K4, true));
        }
        assertThat(read(pt, base, 32 * K4, g)).isEmpty();
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void aRangeCuttingReplicatedLeavesReadsThemWholeAtBothEnds(boolean fast, boolean events) {
        IoPageTable pt = table(PageTableFormats.amdV1(4), events ? new EventLog() : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, 16 * K4, RW, 4 * K4); // four 16 KiB leaves: slots 0-3, 4-7, 8-11, 12-15
        pt.translate(base + 4 * K4, Access.WRITE);     // replica 0 of leaf 1
        pt.translate(base + 11 * K4, Access.WRITE);    // replica 3 of leaf 2
        DirtyGather[] g = new DirtyGather[1];
        // [slot 6, slot 9]: cuts leaf 1 at its start and leaf 2 at its end; the written replicas lie outside
        assertThat(read(pt, base + 6 * K4, 4 * K4, g)).containsExactly("40004000+4000", "40008000+4000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base + 4 * K4, base + 12 * K4, 4 * K4, 2));
        assertThat(read(pt, base, 16 * K4, g)).isEmpty();
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void aRangeStartingInsideALaterReplicatedLeafReadsThatLeafAndNoEarlierOne(boolean fast, boolean events) {
        // The start's group is found as from & -n: slot 9 is in the leaf at slot 8 (8 = 9 & -4). The mutant
        // "from & n" (9 & 4 = 0) read the dirty leaf at slot 0, outside the range.
        IoPageTable pt = table(PageTableFormats.amdV1(4), events ? new EventLog() : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, 16 * K4, RW, 4 * K4); // 16 KiB leaves at slots 0-3, 4-7, 8-11, 12-15
        pt.translate(base + K4, Access.WRITE);         // leaf 0, replica 1
        pt.translate(base + 10 * K4, Access.WRITE);    // leaf 2, replica 2
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base + 9 * K4, 2 * K4, g)).containsExactly("40008000+4000"); // [slot 9, slot 10]
        assertThat(read(pt, base, 16 * K4, g)).as("leaf 0 was outside the range: still dirty")
            .containsExactly("40000000+4000");
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void rangesCuttingTheFirstAndTheLastReplicatedLeafOfATable(boolean fast, boolean events) {
        IoPageTable pt = table(PageTableFormats.amdV1(4), events ? new EventLog() : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, 16 * K4, RW, 4 * K4); // 16 KiB leaves at slots 0-3, 4-7, 8-11, 12-15
        pt.translate(base + 2 * K4, Access.WRITE);     // leaf 0, replica 2
        pt.translate(base + 15 * K4, Access.WRITE);    // leaf 3, replica 3
        DirtyGather[] g = new DirtyGather[1];
        // [slot 0, slot 1] cuts leaf 0 at its end only
        assertThat(read(pt, base, 2 * K4, g)).containsExactly("40000000+4000");
        // [slot 13, slot 14] cuts leaf 3 at both ends
        assertThat(read(pt, base + 13 * K4, 2 * K4, g)).containsExactly("4000c000+4000");
        assertThat(read(pt, base, 16 * K4, g)).isEmpty();
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void aSmallLeafAfterAReplicatedOneMakesTheGatherPageSizeSmall(boolean fast, boolean events) {
        IoPageTable pt = table(PageTableFormats.amdV1(4), events ? new EventLog() : EventSink.NONE, fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, 4 * K4, RW, 4 * K4);                // one 16 KiB leaf, slots 0-3
        pt.map(base + 4 * K4, (1L << 40) + 4 * K4, 4 * K4, RW, K4); // 4 KiB leaves, slots 4-7
        pt.translate(base + K4, Access.WRITE);
        pt.translate(base + 6 * K4, Access.WRITE);
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base, 8 * K4, g)).containsExactly("40000000+4000", "40006000+1000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base, base + 7 * K4, K4, 2));
    }

    @ParameterizedTest(name = "fast={0} events={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void aDirtyReplicatedLeafAtTheStartOfASlabIsRead(boolean fast, boolean events) {
        // Two domains share one pool, as they share host memory. The pool hands out frames from 1 MiB (frame 256,
        // the start of a slab) and reuses freed frames first, so once the other domain frees its root, the next
        // table this domain needs (a level-0 table; its level-2 and level-1 tables exist) starts that slab.
        TablePagePool pool = new TablePagePool();
        IoPageTable other = new IoPageTable(PageTableFormats.amdV1(4), pool, EventSink.NONE);
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), pool, events ? new EventLog() : EventSink.NONE,
                fast);
        long base = 1L << 30;
        pt.map(base, 1L << 40, K4, RW, K4);
        other.destroy();
        pt.map(base + M2, (1L << 40) + M2, 8 * K4, RW, 4 * K4); // 16 KiB leaves at slots 0-3 and 4-7 of a new table
        assertThat(pool.offset(pt.tableAt(base + M2, 0))).as("the table starts its slab").isZero();
        pt.translate(base + M2 + 5, Access.WRITE);      // leaf 0, replica 0: entry 0 of the slab
        pt.translate(base + M2 + 6 * K4, Access.WRITE); // leaf 1, replica 2
        DirtyGather[] g = new DirtyGather[1];
        assertThat(read(pt, base + M2, M2, g)).containsExactly("40200000+4000", "40204000+4000");
        assertThat(g[0]).isEqualTo(new DirtyGather(base + M2, base + M2 + 8 * K4, 4 * K4, 2));
        assertThat(read(pt, base + M2, M2, g)).isEmpty();
    }
}
