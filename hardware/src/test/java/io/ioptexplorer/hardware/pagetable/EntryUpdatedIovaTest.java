package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code entry-updated} names the first IOVA of the entry it wrote: the IOVA selects that index in a table of
 * that level (so the timeline can find all writes of one entry by IOVA), for map, hardware A/D, dirty clearing,
 * split, collapse and unmap, in a 4-level VT-d table and in AMD v1 with its replicated leaves.
 */
class EntryUpdatedIovaTest {
    private static final int RW = Prot.READ | Prot.WRITE;

    @Test
    void vtdEveryWriteNamesTheIovaOfItsEntry() {
        check(PageTableFormats.vtdSecondStage(4));
    }

    @Test
    void amdV1ReplicatedLeavesNameTheIovaOfEachSlot() {
        check(PageTableFormats.amdV1(4));
    }

    private static void check(PageTableFormat fmt) {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), log);
        pt.map(0x20_0000, 0x4000_0000L, 0x20_0000, RW, -1L);       // one 2 MiB leaf
        pt.map(0x40_0000, 0x5000_0000L, 0x4000, RW, -1L);           // 4 KiB leaves
        pt.translate(0x20_3000, Access.WRITE);
        pt.translate(0x40_1000, Access.WRITE);
        pt.readAndClearDirty(0, 1L << 30, 0, DirtyRecorder.NONE);
        pt.translate(0x20_5000, Access.WRITE);
        pt.split(0x20_0000, 0x20_0000, 0x1000);
        pt.translate(0x20_7000, Access.WRITE);
        pt.readAndClearDirty(0, 1L << 30, 0, DirtyRecorder.NONE);
        pt.collapse(0x20_0000, 0x20_0000);
        pt.unmap(0x40_0000, 0x4000);

        Map<Long, Integer> levelOf = new HashMap<>();
        for (TableAllocated t : log.ofType(TableAllocated.class)) {
            levelOf.put(t.tableAddr(), t.level());
        }
        List<EntryUpdated> writes = new java.util.ArrayList<>();
        for (io.ioptexplorer.hardware.events.SimEvent e : log.events()) { // runs of leaves as their entries
            UpdateReason why = e instanceof LeafMapped ? UpdateReason.MAP : e instanceof LeafUnmapped
                ? UpdateReason.UNMAP : e instanceof EntryUpdated u ? u.reason() : null;
            EntryWrites.forEach(fmt, e, (table, index, iova, old, now) ->
                writes.add(new EntryUpdated(table, index, old, now, why, iova)));
        }
        Set<UpdateReason> seen = EnumSet.noneOf(UpdateReason.class);
        for (EntryUpdated u : writes) {
            Integer level = levelOf.get(u.tableAddr());
            assertThat(level).as("table of %s was allocated", u).isNotNull();
            int shift = fmt.itemShift(level);
            assertThat(u.iova()).as("%s", u).isNotNegative();
            assertThat(u.iova() & ((1L << shift) - 1)).as("%s is aligned to its level's span", u).isZero();
            assertThat((int) (u.iova() >>> shift) & (fmt.tableEntries() - 1)).as("%s", u).isEqualTo(u.index());
            seen.add(u.reason());
        }
        assertThat(seen).contains(UpdateReason.MAP, UpdateReason.TABLE_INSTALL, UpdateReason.HW_DIRTY,
            UpdateReason.CLEAN_DIRTY, UpdateReason.SPLIT, UpdateReason.COLLAPSE, UpdateReason.UNMAP);
        // The 2 MiB leaf's own entry: written by map, by hardware (D), by the dirty read, then by the split.
        long leafEntryWrites = writes.stream().filter(u -> u.iova() == 0x20_0000 && levelOf.get(u.tableAddr()) == 1)
            .count();
        assertThat(leafEntryWrites).isGreaterThanOrEqualTo(4);
    }
}
