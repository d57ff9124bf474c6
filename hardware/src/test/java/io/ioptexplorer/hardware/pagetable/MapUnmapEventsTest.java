package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What map and unmap say about the leaves they write (issue 16: {@code MapUnmap}'s events). The kernel's
 * {@code unmap_pages(iova, pgsize, pgcount)} clears a run of leaves of one size in one table, so alike leaves side by
 * side are one {@link LeafUnmapped}. An AMD v1 leaf larger than its level's item is replicated into every slot it
 * spans, and the IOMMU sets Accessed and Dirty in the one replica it walked (AMD IOMMU spec, "Dirty bit" of the PTE;
 * generic_pt's amdv1 format reads a leaf dirty when any replica is). Such a leaf cannot be told by one old value, so
 * it is an event of its own that lists every replica; the runs before and after it stay whole. Events come in the
 * order the writes happen: a run of leaves is told before the walk descends to fill a lower table.
 *
 * <p>Equivalent mutants in {@code MapUnmap} (issue 16): in {@code Run.fits}, {@code count > 0} as {@code >= 0} (a run
 * is emptied only just before a table slot or a leaf of its own, so the next leaf never starts at the emptied run's
 * end: the slot there is the table, or the leaf that was emitted alone); in {@code mapLevel}, {@code va + paOffset} as
 * {@code va - paOffset} (the alignment of {@code va | (va ± offset)} is the smaller of va's and offset's either way);
 * in {@code bestShift}, {@code limit >= 63} as {@code > 63} ({@code (2L << 63) - 1} is -1, which keeps every size, as
 * the other arm does).
 */
class MapUnmapEventsTest {
    private static final long K4 = 4096;
    private static final long K16 = 4 * K4;
    private static final long BASE = 1L << 30;
    private static final long PA = 1L << 40;
    private static final int RW = Prot.READ | Prot.WRITE;

    /** Eight 16 KiB leaves (slots 4i..4i+3 of one level-0 table); leaf 2 written through replica 1, leaf 6 read. */
    @Test
    void aLeafWhoseReplicasDifferIsItsOwnEventBetweenWholeRuns() {
        EventLog log = new EventLog();
        PageTableFormat fmt = PageTableFormats.amdV1(4);
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), log);
        pt.map(BASE, PA, 8 * K16, RW, K16);
        LeafMapped mapped = log.ofType(LeafMapped.class).get(0);
        assertThat(mapped.count()).as("one map_pages run").isEqualTo(8);
        long table = mapped.tableAddr();
        pt.translate(BASE + 2 * K16 + K4, Access.WRITE);
        pt.translate(BASE + 6 * K16 + 3 * K4, Access.READ);
        log.clear();

        assertThat(pt.unmap(BASE, 8 * K16)).isEqualTo(8 * K16);

        List<LeafUnmapped> events = log.ofType(LeafUnmapped.class);
        assertThat(events).extracting(LeafUnmapped::iova, LeafUnmapped::count, LeafUnmapped::index,
                LeafUnmapped::dirty).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BASE, 2, 0, false),
                org.assertj.core.groups.Tuple.tuple(BASE + 2 * K16, 1, 8, true),
                org.assertj.core.groups.Tuple.tuple(BASE + 3 * K16, 3, 12, false),
                org.assertj.core.groups.Tuple.tuple(BASE + 6 * K16, 1, 24, false),
                org.assertj.core.groups.Tuple.tuple(BASE + 7 * K16, 1, 28, false));
        for (int i = 0; i < events.size(); i++) {
            LeafUnmapped e = events.get(i);
            long leaf = (e.iova() - BASE) / K16;
            assertThat(e.size()).isEqualTo(K16);
            assertThat(e.level()).isZero();
            assertThat(e.tableAddr()).isEqualTo(table);
            assertThat(e.physAddr()).isEqualTo(PA + leaf * K16);
            assertThat(fmt.leafPa(e.oldEntry(), 0)).as("event %d's old entry is its first leaf", i)
                    .isEqualTo(PA + leaf * K16);
        }
        assertThat(events.get(0).oldReplicas()).as("alike replicas need no list").isEmpty();
        assertThat(events.get(2).oldReplicas()).isEmpty();
        assertThat(events.get(4).oldReplicas()).isEmpty();

        long clean2 = fmt.encodeLeaf(PA + 2 * K16, 0, 14, RW);
        List<Long> written = events.get(1).oldReplicas();
        assertThat(events.get(1).oldEntry()).as("slot 8 was not walked").isEqualTo(clean2);
        assertThat(written).hasSize(4);
        assertThat(List.of(written.get(0), written.get(2), written.get(3))).containsOnly(clean2);
        assertThat(fmt.isDirty(written.get(1))).as("the walked replica").isTrue();
        assertThat(fmt.isAccessed(written.get(1))).isTrue();
        assertThat(fmt.leafPa(written.get(1), 0)).isEqualTo(PA + 2 * K16);

        long clean6 = fmt.encodeLeaf(PA + 6 * K16, 0, 14, RW);
        List<Long> read = events.get(3).oldReplicas();
        assertThat(read).hasSize(4).startsWith(clean6, clean6, clean6);
        assertThat(fmt.isAccessed(read.get(3))).isTrue();
        assertThat(fmt.isDirty(read.get(3))).as("a read sets Accessed only").isFalse();
    }

    /** A leaf written through its first replica: the differing value is the old entry itself. */
    @Test
    void aLeafDirtyInItsFirstReplicaAloneIsStillItsOwnEvent() {
        EventLog log = new EventLog();
        PageTableFormat fmt = PageTableFormats.amdV1(4);
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), log);
        pt.map(BASE, PA, 2 * K16, RW, K16);
        pt.translate(BASE + K16, Access.WRITE);
        log.clear();
        pt.unmap(BASE, 2 * K16);
        List<LeafUnmapped> events = log.ofType(LeafUnmapped.class);
        assertThat(events).extracting(LeafUnmapped::index, LeafUnmapped::count, LeafUnmapped::dirty)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1, false),
                        org.assertj.core.groups.Tuple.tuple(4, 1, true));
        LeafUnmapped dirty = events.get(1);
        assertThat(fmt.isDirty(dirty.oldEntry())).isTrue();
        assertThat(dirty.oldReplicas()).hasSize(4).first().isEqualTo(dirty.oldEntry());
        long clean = fmt.encodeLeaf(PA + K16, 0, 14, RW);
        assertThat(dirty.oldReplicas().subList(1, 4)).containsOnly(clean);
    }

    /** generic_pt's __map_range writes the 2 MiB leaf before it allocates and fills the table for the 4 KiB one. */
    @Test
    void mapTellsALargeLeafBeforeTheTableItFillsNext() {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log);
        long m2 = 1L << 21;
        log.clear();
        pt.map(BASE, PA, m2 + K4, RW, m2 | K4);
        List<Object> order = log.events().stream()
                .filter(e -> e instanceof LeafMapped || e instanceof TableAllocated)
                .map(e -> e instanceof LeafMapped m ? (Object) ("leaf " + m.size()) : "table " + ((TableAllocated) e)
                        .level())
                .toList();
        assertThat(order).containsExactly("table 2", "table 1", "leaf " + m2, "table 0", "leaf " + K4);
    }

    /** Unmap, likewise: the 2 MiB leaf's event comes before those of the lower table the walk then empties. */
    @Test
    void unmapTellsALargeLeafBeforeTheLowerTableItEmptiesNext() {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log);
        long m2 = 1L << 21;
        pt.map(BASE, PA, m2 + K4, RW, m2 | K4);
        log.clear();
        pt.unmap(BASE, m2 + K4);
        assertThat(log.ofType(LeafUnmapped.class)).extracting(LeafUnmapped::size).containsExactly(m2, K4);
    }
}
