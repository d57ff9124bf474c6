package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Changed column's compact texts and the tooltip's whole ones, on a folded run of 512 leaves of 2 MiB (VT-d second
 * stage, level 1) whose entries changed all, or only some (stepping inside a split, the previous moment had 7 of them).
 */
class ChangeTextTest {
    private static final long TABLE = 0x102000;
    private final PageTableFormat fmt = PageTableFormats.byName("vtdss-4level");
    private final long leaf = fmt.encodeLeaf(1L << 32, 1, fmt.itemShift(1), Prot.READ | Prot.WRITE);
    private final PtRow run = new PtRow(PtRow.Kind.LEAVES, 1, TABLE, 0, 511, 0x80000000L, 0xbfffffffL, 1L << 21, 512,
        leaf, 1L << 32, Prot.READ | Prot.WRITE, false, false, "R W PS");

    private EntryChanges written(int from, long before, long after) {
        Map<EntryChanges.Key, EntryChanges.Change> m = new HashMap<>();
        for (int i = from; i <= 511; i++) {
            m.put(new EntryChanges.Key(TABLE, i), new EntryChanges.Change(before, after));
        }
        return new EntryChanges(m, true);
    }

    @Test
    void aRunWhoseEntriesAllAppearedSaysNewAndItsSize() {
        EntryChanges c = written(0, 0, leaf);
        assertThat(ChangeText.of(fmt, run, c)).isEqualTo("new 2 MiB");
        assertThat(ChangeText.whole(fmt, run, c)).isEqualTo("empty → 2 MiB leaf, 512 entries");
    }

    @Test
    void aRunOnlyPartlyWrittenSaysHowManyAndStaysShort() {
        EntryChanges c = written(7, 0, leaf);
        // "new 2 MiB ×505" was cut at 1600x1000 in bold; the size is in the What column.
        assertThat(ChangeText.of(fmt, run, c)).isEqualTo("new ×505");
        assertThat(ChangeText.whole(fmt, run, c)).isEqualTo("empty → 2 MiB leaf, 505 entries");
        long dirty = fmt.markDirty(fmt.markAccessed(leaf));
        assertThat(ChangeText.of(fmt, run, written(508, leaf, dirty))).isEqualTo("+A +D ×4");
        assertThat(ChangeText.of(fmt, run, written(510, leaf, 0))).isEqualTo("cleared ×2");
    }
}
