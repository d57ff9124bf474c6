package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What the in-place split and collapse (a proposal, not upstream: reference §2.3) must leave alone, and where they
 * write: a leaf next to the one split stays whole, a neighbour's Accessed bit is not the split leaf's, each write of
 * a split names the IOVA of its own slot, and no collapse makes a leaf of a size its level cannot hold.
 *
 * <p>Equivalent mutants in {@code SplitCollapse.splitLeaf} (issue 16): the two boundaries of
 * {@code targetShift >= shift ? targetShift : shift} (and the same with {@code cshift}); at equality both arms are the
 * same number, so {@code >} picks the same child size.
 */
class SplitCollapseBoundsTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;
    private static final long G1 = 1L << 30;
    private static final long PA = 1L << 40;
    private static final int RW = Prot.READ | Prot.WRITE;

    @Test
    void splittingOneLeafLeavesTheNextLeafWhole() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(G1, PA, 2 * G1, RW, G1); // two 1 GiB leaves, at 1 GiB and at 2 GiB
        pt.split(G1, G1, K4);          // the first only
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(K4, G1 / K4, G1, 1L));
        Translation next = pt.translate(2 * G1 + 5, Access.READ);
        assertThat(next.leafSize()).isEqualTo(G1);
        assertThat(next.physAddr()).isEqualTo(PA + G1 + 5);
        assertThat(pt.stats().splits()).isEqualTo(1 + 512);
    }

    @Test
    void theAccessedBitOfTheNextLeafDoesNotReachTheChildrenOfASplitLeaf() {
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), EventSink.NONE);
        long base = G1;
        pt.map(base, PA, 4 * K4, RW, 4 * K4);               // a 16 KiB leaf in slots 0-3, never used
        pt.map(base + 4 * K4, PA + 4 * K4, K4, RW, K4);     // a 4 KiB leaf in slot 4
        pt.translate(base + 4 * K4, Access.READ);           // Accessed in slot 4 only
        pt.split(base, 4 * K4, K4);
        List<Boolean> accessed = new ArrayList<>();
        pt.forEachLeaf(base, 5 * K4, (i, size, pa, prot, a, d) -> accessed.add(a));
        assertThat(accessed).containsExactly(false, false, false, false, true);
    }

    @Test
    void eachWriteOfASplitIntoReplicatedChildrenNamesItsOwnSlot() {
        // AMD v1 level 1 holds 2 MiB to 512 MiB leaves (NextLevel 7): a 1 GiB leaf split to 4 MiB becomes a new
        // table of 256 leaves, two slots each; every slot is written once, at its own IOVA, then the parent entry.
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), log);
        pt.map(G1, PA, G1, RW, G1);
        pt.split(G1, G1, 4L << 20);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(4L << 20, 256L));
        List<Long> expected = new ArrayList<>(LongStream.range(0, 512).mapToObj(k -> G1 + k * M2).toList());
        expected.add(G1); // the level-2 entry, now pointing to the new table
        assertThat(log.ofType(EntryUpdated.class)).filteredOn(e -> e.reason() == UpdateReason.SPLIT)
                .extracting(EntryUpdated::iova).containsExactlyElementsOf(expected);
        Translation t = pt.translate(G1 + 3 * M2 + 7, Access.READ); // the second slot of the second leaf
        assertThat(t.leafSize()).isEqualTo(4L << 20);
        assertThat(t.leafIova()).isEqualTo(G1 + 2 * M2);
        assertThat(t.physAddr()).isEqualTo(PA + 3 * M2 + 7);
    }

    @Test
    void noCollapseMakesALeafWhereTheLevelHasNone() {
        // VT-d second stage has 2 MiB and 1 GiB large pages only (SLLPS); a 4-level table's top entries are always
        // tables. 512 contiguous, aligned 1 GiB leaves under one top entry stay as they are.
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        long g512 = 512 * G1;
        pt.map(g512, 2 * PA, g512, RW, G1);
        long tables = pt.stats().liveTablePages();
        pt.collapse(0, 1L << 48);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(G1, 512L));
        assertThat(pt.stats().collapses()).isZero();
        assertThat(pt.stats().liveTablePages()).isEqualTo(tables);
        assertThat(pt.translate(g512 + 3 * G1 + 1, Access.READ).leafSize()).isEqualTo(G1);
    }
}
