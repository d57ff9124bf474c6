package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IoPageTable#setDirty}, the selftest's {@code IOMMU_TEST_OP_DIRTY} through generic_pt's {@code __set_dirty}
 * ({@code drivers/iommu/generic_pt/iommu_pt.h}): a single-entry walk from the top; an empty entry is -ENOENT, a
 * table entry descends, a leaf gets {@code pt_entry_make_write_dirty} on the one entry at the walked index (for AMD v1
 * {@code amdv1pt_entry_make_write_dirty} writes {@code tablep + pts->index}: one replica, not the group).
 */
class SetDirtyTest {
    private static final int RW = Prot.READ | Prot.WRITE;

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    private static List<long[]> readAndClear(IoPageTable pt, long iova, long length) {
        List<long[]> out = new ArrayList<>();
        pt.readAndClearDirty(iova, length, 0, (i, size) -> out.add(new long[] {i, size}));
        return out;
    }

    @ParameterizedTest
    @MethodSource("formats")
    void marksOnlyTheLeafWalkedAndTheDirtyReadReportsThatLeafWhole(PageTableFormat fmt) {
        EventLog log = new EventLog();
        Fixture f = new Fixture(fmt, log);
        long pages = f.base + f.big;
        f.pt.map(f.base, f.paBase, f.big, RW, f.big);                // one level-1 leaf
        f.pt.map(pages, f.paBase + f.big, 4 * f.g, RW, f.g);        // four granules after it
        f.clearDirty(f.base, f.big + 4 * f.g);

        assertThat(f.pt.setDirty(pages + 2 * f.g)).as("the entry now reads dirty").isTrue();
        assertThat(readAndClear(f.pt, f.base, f.big + 4 * f.g))
                .containsExactly(new long[] {pages + 2 * f.g, f.g});
        assertThat(log.ofType(EntryUpdated.class)).filteredOn(e -> e.reason() == UpdateReason.HW_DIRTY)
                .singleElement().satisfies(e -> {
                    assertThat(e.iova()).isEqualTo(pages + 2 * f.g);
                    assertThat(e.tableAddr()).isEqualTo(f.pt.tableAt(pages, 0));
                    assertThat(fmt.isDirty(e.newEntry())).isTrue();
                    assertThat(fmt.isDirty(e.oldEntry())).isFalse();
                });

        assertThat(f.pt.setDirty(f.base + 5 * f.g)).isTrue(); // inside the big leaf: the walk stops at level 1
        assertThat(readAndClear(f.pt, f.base, f.big + 4 * f.g)).containsExactly(new long[] {f.base, f.big});
        assertThat(f.pt.entryAt(f.base, 0)).as("no table was made under the leaf").isZero();
    }

    @Test
    void marksTheOneReplicaWalkedOfAReplicatedAmdLeaf() {
        long k4 = 4096;
        long base = 1L << 30;
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), new EventLog());
        pt.map(base, 1L << 40, 4 * k4, RW, 4 * k4); // one 16 KiB leaf in four slots
        PageTableFormat fmt = pt.format();
        assertThat(pt.setDirty(base + 2 * k4 + 5)).isTrue();
        for (int r = 0; r < 4; r++) {
            assertThat(fmt.isDirty(pt.entryAt(base + r * k4, 0))).as("replica %d", r).isEqualTo(r == 2);
        }
        assertThat(readAndClear(pt, base, 4 * k4)).containsExactly(new long[] {base, 4 * k4});
        for (int r = 0; r < 4; r++) {
            assertThat(fmt.isDirty(pt.entryAt(base + r * k4, 0))).as("replica %d after the read", r).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void theLastIovaOfTheSpaceCanBeMarkedAndOneBeyondIsNothingMapped(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        long max = fmt.maxIova();
        f.pt.map(max - f.g + 1, f.paBase, f.g, RW, f.g);
        f.clearDirty(max - f.g + 1, f.g);
        assertThat(f.pt.setDirty(max)).isTrue();
        assertThat(readAndClear(f.pt, max - f.g + 1, f.g)).containsExactly(new long[] {max - f.g + 1, f.g});
        if (max != -1L) {
            assertThatThrownBy(() -> f.pt.setDirty(max + 1)).isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOENT));
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aHoleIsEnoentAtWhicheverLevelTheWalkMeetsIt(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        f.pt.map(f.base, f.paBase, f.g, RW, f.g);
        assertThatThrownBy(() -> f.pt.setDirty(f.base + f.g)).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("nothing is mapped")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> f.pt.setDirty(0)).isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void aReadOnlyArmLeafHasNoWriteDirtyStateSoMarkingItLeavesItClean() {
        // io-pgtable-arm.c: a leaf is write-dirty when DBM is set and AP[2] (read-only) is clear
        // (iopte_writeable_dirty); a read-only leaf carries no DBM, so it never reads dirty and the read finds nothing.
        PageTableFormat fmt = PageTableFormats.smmuV3(1, 4096);
        Fixture f = new Fixture(fmt);
        f.pt.map(f.base, f.paBase, f.g, Prot.READ, f.g);
        assertThat(f.pt.setDirty(f.base)).isFalse();
        assertThat(readAndClear(f.pt, f.base, f.g)).isEmpty();
    }
}
