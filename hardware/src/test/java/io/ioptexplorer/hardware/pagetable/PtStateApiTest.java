package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iterator as a read-only user (an inspector, a dump) drives it, through the public methods only. */
class PtStateApiTest {

    @Test
    void aHandWrittenWalkSeesLevelsIndicesTablesAndWholeLeaves() {
        Fixture f = new Fixture(PageTableFormats.vtdSecondStage(4));
        long huge = 1L << 21;
        f.pt.map(0, f.paBase, huge, Prot.READ | Prot.WRITE, huge);                 // one 2 MiB leaf at level 1
        f.pt.map(huge, f.paBase + huge, 2 * f.g, Prot.READ, f.g);                  // two 4 KiB leaves at level 0
        List<String> seen = new ArrayList<>();
        walk(f.pt.walkRange(0x1000, huge), seen); // 0x1000..0x200fff: starts inside the 2 MiB leaf
        assertThat(seen).containsExactly(
            "L3 #0 table", "L2 #0 table",
            "L1 #0 leaf 0x0+0x200000", "L1 #1 table",
            "L0 #0 leaf 0x200000+0x1000");
        assertThat(f.pt.tableAt(huge, 0)).isNotEqualTo(-1);
    }

    @Test
    void descendingFromALeafOrAHoleIsRefused() {
        Fixture f = new Fixture(PageTableFormats.vtdSecondStage(4));
        PtState top = f.pt.walkRange(0, f.g);
        top.first();
        assertThat(top.load()).isTrue();
        assertThat(top.type()).isEqualTo(PageTableFormat.EMPTY);
        assertThatThrownBy(top::descend).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a table");
    }

    /**
     * What a reader gets at one entry, as generic_pt's {@code struct pt_state} has it (drivers/iommu/generic_pt/
     * pt_iter.h): the table's physical address, the loaded entry, the slot span ({@code pt_table_item_lg2sz}), the
     * range clipped to this table, the index one past the range, and for an AMD replicated leaf its replicas'
     * Accessed bits ORed (the IOMMU sets A in the one replica it walked).
     */
    @Test
    void eachLevelTellsItsTableEntrySpanAndTheRangeClippedToIt() {
        Fixture f = new Fixture(PageTableFormats.amdV1(4));
        long k16 = 4 * f.g;
        long base = 1L << 30;
        f.pt.map(base, f.paBase, 3 * k16, Prot.READ | Prot.WRITE, k16); // 16 KiB leaves at slots 0-3, 4-7, 8-11
        f.pt.translate(base + k16, Access.READ);                           // A in leaf 1's first replica only
        f.pt.translate(base + 2 * k16 + 3 * f.g, Access.READ);             // A in leaf 2's last replica only

        PtState top = f.pt.walkRange(base + f.g, 3 * k16 - 2 * f.g); // from inside leaf 0 to inside leaf 2
        top.first();
        assertThat(top.load()).isTrue();
        assertThat(top.itemShift()).as("a level-3 slot spans 512 GiB").isEqualTo(39);
        assertThat(top.endIndex()).isEqualTo(top.index() + 1);
        assertThat(top.tablePa()).isEqualTo(f.pt.tableAt(base, 3));
        PtState l2 = top.descend();
        l2.first();
        l2.load();
        assertThat(l2.itemShift()).isEqualTo(30);
        PtState l1 = l2.descend();
        l1.first();
        l1.load();
        PtState l0 = l1.descend();
        assertThat(l0.tablePa()).isEqualTo(f.pt.tableAt(base, 0));
        assertThat(l0.rangeFirst()).isEqualTo(base + f.g);
        assertThat(l0.rangeLast()).isEqualTo(base + 3 * k16 - f.g - 1);
        l0.first();
        assertThat(l0.endIndex()).as("the range ends in slot 10").isEqualTo(11);
        assertThat(l0.itemShift()).isEqualTo(12);
        List<Boolean> accessed = new ArrayList<>();
        for (; l0.load(); l0.next()) {
            assertThat(l0.entry()).isEqualTo(f.pt.entryAt(l0.itemIova(), 0));
            assertThat(l0.leafSlots()).isEqualTo(4);
            accessed.add(l0.leafAccessed());
        }
        assertThat(accessed).as("leaf 0 was never walked; 1 and 2 each in one replica").containsExactly(false, true,
                true);
    }

    private static void walk(PtState s, List<String> out) {
        for (s.first(); s.load(); s.next()) {
            String at = "L" + s.level() + " #" + s.index();
            if (s.type() == PageTableFormat.TABLE) {
                out.add(at + " table");
                walk(s.descend(), out);
            } else if (s.type() == PageTableFormat.LEAF) {
                out.add(at + " leaf 0x" + Long.toHexString(s.leafIova()) + "+0x" + Long.toHexString(s.leafSize()));
            }
        }
    }
}
