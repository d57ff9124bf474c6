package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.Sizes;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.List;

/**
 * What changed in a row's entries since the previous moment, in the format's own field names. Two forms: a compact one
 * for the tree's narrow Changed column ("+A +D", "new 2 MiB", "cleared", "split → table", "collapse → 2 MiB", "−D ×4"
 * or "new ×505" when only some of a folded row's entries changed), and the whole one for the row's tooltip ("empty → 4 KiB leaf, 512
 * entries"). The bits are named by the same {@code decode} the inspector draws.
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

    /** The compact form, for the Changed column: at 1280x800 it has room for about 14 characters. */
    static String of(PageTableFormat fmt, PtRow r, EntryChanges changes) {
        EntryChanges.Change first = first(r, changes);
        if (first == null) {
            return "";
        }
        int n = changedEntries(r, changes);
        // A folded run whose entries all changed says how many in its What column ("512 × 4 KiB"); only a part of
        // one needs its count here.
        String what = compact(fmt, r.level(), first.before(), first.after());
        if (n > 1 && n < r.count()) {
            // "new ×505" on a row of "512 × 2 MiB": the size is in the What column, and "new 2 MiB ×505" was cut.
            return (what.startsWith("new ") && r.kind() == PtRow.Kind.LEAVES ? "new" : what) + " ×" + n;
        }
        return what;
    }

    /** The whole form, for the row's tooltip. */
    static String whole(PageTableFormat fmt, PtRow r, EntryChanges changes) {
        EntryChanges.Change first = first(r, changes);
        if (first == null) {
            return "";
        }
        int n = changedEntries(r, changes);
        return bits(fmt, r.level(), first.before(), first.after()) + (n > 1 ? ", " + n + " entries" : "");
    }

    private static EntryChanges.Change first(PtRow r, EntryChanges changes) {
        EntryChanges.Change first = null;
        for (int i = r.firstIndex(); i <= r.lastIndex() && first == null; i++) {
            first = changes.of(r.tablePa(), i);
        }
        return first;
    }

    /** "new 2 MiB", "new table", "cleared", "split → table", "collapse → 2 MiB", or the bits ({@link #flagBits}). */
    static String compact(PageTableFormat fmt, int level, long before, long after) {
        int was = fmt.kind(before, level);
        int now = fmt.kind(after, level);
        if (was == now) {
            return flagBits(fmt, level, before, after);
        }
        if (now == PageTableFormat.EMPTY) {
            return "cleared";
        }
        if (was == PageTableFormat.EMPTY) {
            return now == PageTableFormat.TABLE ? "new table" : "new " + Sizes.of(fmt.leafSize(after, level));
        }
        return now == PageTableFormat.TABLE ? "split → table"
            : "collapse → " + Sizes.of(fmt.leafSize(after, level));
    }

    /** "+D −A" for the one-bit fields set and cleared, or how the entry's kind changed ("empty → 4 KiB leaf"). */
    static String bits(PageTableFormat fmt, int level, long before, long after) {
        int was = fmt.kind(before, level);
        int now = fmt.kind(after, level);
        if (was != now) {
            return word(fmt, before, was, level) + " → " + word(fmt, after, now, level);
        }
        return flagBits(fmt, level, before, after);
    }

    private static String flagBits(PageTableFormat fmt, int level, long before, long after) {
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

    private static String word(PageTableFormat fmt, long pte, int kind, int level) {
        return kind == PageTableFormat.TABLE ? "table" : kind == PageTableFormat.LEAF
            ? Sizes.of(fmt.leafSize(pte, level)) + " leaf" : "empty";
    }
}
