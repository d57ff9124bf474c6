package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;

/**
 * The entries an event wrote, one by one: an {@code entry-updated} is one entry; a {@code leaf-mapped} or
 * {@code leaf-unmapped} run is every slot of its leaves. The one place that says what value each slot of a run held,
 * so that views (what changed since the previous moment) and tests read runs the same way.
 */
public final class EntryWrites {
    /** One entry written. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param iova first IOVA the entry covers, -1 when the event does not say
         */
        void write(long tableAddr, int index, long iova, long oldEntry, long newEntry);
    }

    private EntryWrites() {
    }

    /** Visits every entry {@code e} wrote, in slot order; false (and no visit) when it is not an entry write. */
    public static boolean forEach(PageTableFormat fmt, SimEvent e, Visitor v) {
        if (e instanceof EntryUpdated u) {
            v.write(u.tableAddr(), u.index(), u.iova(), u.oldEntry(), u.newEntry());
            return true;
        }
        if (e instanceof LeafMapped m) {
            int slots = slots(fmt, m.level(), m.size(), m.count());
            for (int j = 0; j < slots; j++) {
                v.write(m.tableAddr(), m.index() + j, slotIova(fmt, m.level(), m.iova(), j), 0,
                    slotValue(fmt, m.level(), m.size(), m.entry(), j));
            }
            return true;
        }
        if (e instanceof LeafUnmapped u) {
            int slots = slots(fmt, u.level(), u.size(), u.count());
            for (int j = 0; j < slots; j++) {
                long old = u.oldReplicas().isEmpty() ? slotValue(fmt, u.level(), u.size(), u.oldEntry(), j)
                    : u.oldReplicas().get(j);
                v.write(u.tableAddr(), u.index() + j, slotIova(fmt, u.level(), u.iova(), j), old, 0);
            }
            return true;
        }
        return false;
    }

    /** Slots {@code count} leaves of {@code size} bytes occupy at {@code level} (a replicated leaf several each). */
    public static int slots(PageTableFormat fmt, int level, long size, int count) {
        return count << contig(fmt, level, size);
    }

    /**
     * The value of slot {@code j} of a run whose first slot holds {@code first}: the same entry with the output
     * address of leaf {@code j / replicas}. Every format keeps the output address in a field of its own, so the other
     * bits (permissions, Accessed, Dirty, a replicated leaf's size) are the first slot's.
     */
    public static long slotValue(PageTableFormat fmt, int level, long size, long first, int j) {
        int leaf = j >>> contig(fmt, level, size);
        if (leaf == 0) {
            return first;
        }
        int shift = Long.numberOfTrailingZeros(size);
        long pa0 = fmt.leafPa(first, level);
        int prot = fmt.prot(first);
        long attributes = first ^ fmt.encodeLeaf(pa0, level, shift, prot);
        return fmt.encodeLeaf(pa0 + leaf * size, level, shift, prot) ^ attributes;
    }

    private static long slotIova(PageTableFormat fmt, int level, long iova, int j) {
        return iova + ((long) j << fmt.itemShift(level));
    }

    private static int contig(PageTableFormat fmt, int level, long size) {
        return Math.max(0, Long.numberOfTrailingZeros(size) - fmt.itemShift(level));
    }
}
