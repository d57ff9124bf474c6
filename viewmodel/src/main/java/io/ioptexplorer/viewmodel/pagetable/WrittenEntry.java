package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableCollapsed;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry the event paused inside wrote (an entry update, a split, a collapse, a run of leaves mapped or
 * unmapped, a table linked in or freed), as the path from the root to it: the tree opens that path and selects the
 * entry, as it does for a walk. Read from the table as it stands now, so a split's entry is already the new table.
 * A split fills its new table before it links it in: while it does, the entry written is on no walk yet, and the path
 * ends at the entry the new table will replace ({@code linked} false).
 *
 * @param path    the walk of the entry's IOVA from the root, cut after the entry written (or, when not linked, after
 *                the entry its table will replace)
 * @param tablePa the table the entry written is in
 * @param index   its index there
 * @param linked  whether that table is on the path (false: a new table being filled)
 */
public record WrittenEntry(WalkTrace path, long tablePa, int index, boolean linked) {
    /** The entry the path ends at: the entry written when {@code linked}. */
    public WalkLevel end() {
        return path.levels().get(path.levels().size() - 1);
    }

    /** The path to the entry {@code event} wrote in {@code pt}, or empty when it writes no entry of this table. */
    static Optional<WrittenEntry> of(SimEvent event, IoPageTable pt) {
        int top = pt.format().levels() - 1;
        if (event instanceof EntryUpdated u) {
            return u.iova() < 0 ? Optional.empty() : pathTo(pt, u.iova(), u.tableAddr(), u.index());
        } else if (event instanceof LeafSplit s) {
            return pathTo(pt, s.iova(), s.level());
        } else if (event instanceof TableCollapsed c) {
            return pathTo(pt, c.iova(), c.level());
        } else if (event instanceof LeafMapped m) {
            return pathTo(pt, m.iova(), m.tableAddr(), m.index());
        } else if (event instanceof LeafUnmapped u) {
            return pathTo(pt, u.iova(), u.level());
        } else if (event instanceof TableAllocated a && a.level() < top) {
            return pathTo(pt, a.iova(), a.level() + 1); // the entry that links the new table in
        } else if (event instanceof TableFreed f && f.level() < top) {
            return pathTo(pt, f.iova(), f.level() + 1);
        }
        return Optional.empty();
    }

    /** The walk of {@code iova} cut after the entry at {@code index} of the table at {@code tablePa}. */
    private static Optional<WrittenEntry> pathTo(IoPageTable pt, long iova, long tablePa, int index) {
        WalkTrace w = WalkTrace.of(pt, iova);
        for (int i = 0; i < w.levels().size(); i++) {
            WalkLevel l = w.levels().get(i);
            if (l.tablePa() == tablePa && l.index() == index) {
                return Optional.of(new WrittenEntry(cut(w, i), tablePa, index, true));
            }
        }
        // A table not (yet, or no longer) on this IOVA's walk: the walk's end is the entry that stands for it.
        return w.levels().isEmpty() ? Optional.empty()
            : Optional.of(new WrittenEntry(cut(w, w.levels().size() - 1), tablePa, index, false));
    }

    /** The walk of {@code iova} cut after its entry at {@code level} (or where the walk ends, above it). */
    private static Optional<WrittenEntry> pathTo(IoPageTable pt, long iova, int level) {
        WalkTrace w = WalkTrace.of(pt, iova);
        List<WalkLevel> levels = w.levels();
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).level() == level) {
                return Optional.of(new WrittenEntry(cut(w, i), levels.get(i).tablePa(), levels.get(i).index(), true));
            }
        }
        return Optional.empty(); // the walk ends above that level: nothing there to select
    }

    private static WalkTrace cut(WalkTrace w, int last) {
        List<WalkLevel> levels = new ArrayList<>(w.levels().subList(0, last + 1));
        WalkLevel l = levels.get(last);
        return new WalkTrace(w.iova(), w.format(), levels, 0, 0, 0, "the entry written: level " + l.level()
            + ", entry " + l.index() + " of table 0x" + Long.toHexString(l.tablePa()));
    }
}
