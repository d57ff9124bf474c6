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
