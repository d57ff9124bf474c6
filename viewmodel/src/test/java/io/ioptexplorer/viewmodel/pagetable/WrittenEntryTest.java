package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import org.junit.jupiter.api.Test;

/**
 * Paused inside an event that writes an entry, the snapshot names the path to that entry, so the tree opens it and
 * selects the entry as it does for a walk: the tour's split and the AMD sample's migration (whose splits write the
 * 2 MiB leaf's entry as a table).
 */
class WrittenEntryTest {
    @Test
    void insideTheToursSplitEachWrittenEntryIsTheEndOfThePathShown() throws Exception {
        int split = PausedInside.stepOf("tour-dirty-tracking-basics.yaml", "split");
        PausedInside p = new PausedInside("tour-dirty-tracking-basics.yaml", split, e -> e.step() == split, 2000);
        assertThat(p.seen.stream().filter(s -> s.event().event() instanceof LeafSplit)).hasSize(1);
        int checked = 0;
        int linked = 0;
        int unlinked = 0;
        for (PausedInside.Seen s : p.seen) {
            if (s.event().event() instanceof EntryUpdated u && u.iova() >= 0) {
                WrittenEntry w = s.snapshot().written();
                assertThat(w).as("inside %s", s.event()).isNotNull();
                assertThat(w.tablePa()).isEqualTo(u.tableAddr());
                assertThat(w.index()).isEqualTo(u.index());
                if (w.linked()) {
                    assertThat(end(s).tablePa()).as("inside %s", s.event()).isEqualTo(u.tableAddr());
                    assertThat(end(s).index()).as("inside %s", s.event()).isEqualTo(u.index());
                    assertThat(end(s).raw()).as("read now: the value the event wrote").isEqualTo(u.newEntry());
                    linked++;
                } else {
                    // The new table being filled: the path ends at the 2 MiB leaf it will replace.
                    assertThat(end(s).level()).isEqualTo(1);
                    assertThat(end(s).kind()).isEqualTo(PageTableFormat.LEAF);
                    unlinked++;
                }
                checked++;
            } else if (s.event().event() instanceof LeafSplit x) {
                assertThat(end(s).level()).isEqualTo(x.level());
                assertThat(end(s).kind()).as("the 2 MiB leaf is a table now").isEqualTo(PageTableFormat.TABLE);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1);
        assertThat(linked).as("the entry that links the new table in").isPositive();
        assertThat(unlinked).as("the new table's entries, written before it is linked").isPositive();
    }

    @Test
    void insideTheAmdMigrationsSplitTheEntryUpdatedIsOpened() throws Exception {
        int migrate = PausedInside.stepOf("amd-nic-iommu.yaml", "migrate");
        PausedInside p = new PausedInside("amd-nic-iommu.yaml", migrate, e -> e.step() == migrate
            && e.event() instanceof EntryUpdated u && u.iova() >= 0 && e.scope().hwpt() >= 0
            && (u.newEntry() & 1) == 1 && (u.oldEntry() & 0xe00) != (u.newEntry() & 0xe00), 50);
        assertThat(p.seen).as("entries of the migration whose NextLevel changed: splits and collapses").isNotEmpty();
        for (PausedInside.Seen s : p.seen) {
            EntryUpdated u = (EntryUpdated) s.event().event();
            assertThat(end(s).tablePa()).isEqualTo(u.tableAddr());
            assertThat(end(s).index()).isEqualTo(u.index());
        }
    }

    @Test
    void aWalkStepWritesNoEntry() throws Exception {
        int dma = PausedInside.stepOf("tour-dirty-tracking-basics.yaml", "dma");
        PausedInside p = new PausedInside("tour-dirty-tracking-basics.yaml", dma, e -> e.step() == dma
            && e.event() instanceof WalkStep, 10);
        assertThat(p.seen).isNotEmpty().allSatisfy(s -> assertThat(s.snapshot().written()).isNull());
    }

    private static WalkLevel end(PausedInside.Seen s) {
        assertThat(s.snapshot().written()).as("inside %s", s.event()).isNotNull();
        return s.snapshot().written().end();
    }
}
