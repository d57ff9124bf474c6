package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.List;

/**
 * What changed in a row's entries since the previous moment, in the format's own field names: "+D", "−A",
 * "leaf → table", "empty → leaf", with "(n entries)" when a folded row holds several changed entries. The bits are
 * named by the same {@code decode} the inspector draws.
 */
final class ChangeText {
    private ChangeText() {
    }

    static int changedEntries(PtRow r, EntryChanges changes) {
        int n = 0;
        for (int i = r.firstIndex(); i <= r.lastIndex(); i++) {
            if (changes.of(r.tablePa(), i) != null) {
                n++;
            }
        }
        return n;
    }

    static String of(PageTableFormat fmt, PtRow r, EntryChanges changes) {
        EntryChanges.Change first = null;
        for (int i = r.firstIndex(); i <= r.lastIndex() && first == null; i++) {
            first = changes.of(r.tablePa(), i);
        }
        if (first == null) {
            return "";
        }
        int n = changedEntries(r, changes);
        return bits(fmt, r.level(), first.before(), first.after()) + (n > 1 ? " (" + n + " entries)" : "");
    }

    /** "+D −A" for the one-bit fields set and cleared, or how the entry's kind changed. */
    static String bits(PageTableFormat fmt, int level, long before, long after) {
        int was = fmt.kind(before, level);
        int now = fmt.kind(after, level);
        if (was != now) {
            return word(was) + " → " + word(now);
        }
        List<EntryField> fields = fmt.decode(after, level);
        StringBuilder b = new StringBuilder();
        for (EntryField f : fields) {
            if (f.hiBit() != f.loBit()) {
                continue;
            }
            long bit = 1L << f.loBit();
            if ((after & bit) != 0 && (before & bit) == 0) {
                b.append(b.isEmpty() ? "" : " ").append('+').append(f.name());
            } else if ((after & bit) == 0 && (before & bit) != 0) {
                b.append(b.isEmpty() ? "" : " ").append('−').append(f.name());
            }
        }
        return b.isEmpty() ? "rewritten" : b.toString();
    }

    private static String word(int kind) {
        return kind == PageTableFormat.TABLE ? "table" : kind == PageTableFormat.LEAF ? "leaf" : "empty";
    }
}
