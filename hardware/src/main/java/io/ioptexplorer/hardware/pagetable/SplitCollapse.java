package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.TableCollapsed;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;

/**
 * In-place hugepage split and collapse of an {@link IoPageTable}: the proposals of the dirty-tracking mailing-list
 * threads, not upstream Linux (generic_pt never splits or collapses). Format-agnostic like the walker.
 */
final class SplitCollapse {
    private final IoPageTable pt;
    private final PageTableFormat fmt;

    SplitCollapse(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.fmt;
    }

    void split(long tpa, int level, long first, long last, int targetShift, boolean ev) {
        long[] t = pt.pool.memory(tpa);
        int o = TablePagePool.offset(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        int to = pt.index(last, level);
        for (int i = pt.index(first, level); i <= to; ) {
            long e = t[o + i];
            int k = fmt.kind(e, level);
            long itemIova = base | ((long) i << shift);
            if (k == PageTableFormat.TABLE) {
                split(fmt.tablePa(e), level - 1, IoPageTable.umax(first, itemIova),
                    IoPageTable.umin(last, itemIova + (1L << shift) - 1), targetShift, ev);
                i++;
                continue;
            }
            if (k == PageTableFormat.EMPTY) {
                i++;
                continue;
            }
            int cs = fmt.contigShift(e, level);
            int n = 1 << cs;
            int g = i & -n;
            int sizeShift = shift + cs;
            if (sizeShift > targetShift) {
                long leafIova = base | ((long) g << shift);
                splitLeaf(t, o, tpa, level, g, n, sizeShift, targetShift, leafIova, ev);
                // Split what the leaf became, all of it, down to the target size.
                split(tpa, level, leafIova, leafIova + (1L << sizeShift) - 1, targetShift, ev);
            }
            i = g + n;
        }
    }

    private void splitLeaf(long[] t, int o, long tpa, int level, int g, int n, int sizeShift, int targetShift,
                           long leafIova, boolean ev) {
        long e = t[o + g];
        boolean dirty = pt.groupDirty(t, o, g, n);
        boolean acc = false;
        for (int j = g; j < g + n; j++) {
            acc |= fmt.isAccessed(t[o + j]);
        }
        int prot = fmt.prot(e);
        long pa = fmt.leafPa(e, level);
        int shift = pt.itemShift[level];
        long newTable = -1;
        int childShift;
        if (n > 1) {
            // A replicated leaf becomes smaller replicated leaves (or single entries) in the same table.
            childShift = allowed(level, targetShift) && targetShift >= shift ? targetShift : shift;
            int m = 1 << (childShift - shift);
            for (int j = 0; j < n; j += m) {
                long v = leaf(pa + ((long) j << shift), level, childShift, prot, acc, dirty);
                for (int r = 0; r < m; r++) {
                    pt.write(t, o, tpa, g + j + r, v, UpdateReason.SPLIT, ev);
                }
            }
            pt.leafCount[childShift] += n / m;
        } else {
            int cl = level - 1;
            int cshift = pt.itemShift[cl];
            childShift = allowed(cl, targetShift) && targetShift >= cshift ? targetShift : cshift;
            newTable = pt.allocTable(cl, leafIova);
            long[] ct = pt.pool.memory(newTable);
            int co = TablePagePool.offset(newTable);
            int m = 1 << (childShift - cshift);
            for (int j = 0; j < pt.entries; j += m) {
                long v = leaf(pa + ((long) j << cshift), cl, childShift, prot, acc, dirty);
                for (int r = 0; r < m; r++) {
                    pt.write(ct, co, newTable, j + r, v, UpdateReason.SPLIT, ev);
                }
            }
            pt.write(t, o, tpa, g, fmt.encodeTable(newTable, level), UpdateReason.SPLIT, ev);
            pt.leafCount[childShift] += pt.entries / m;
        }
        pt.leafCount[sizeShift]--;
        pt.splits++;
        if (ev) {
            pt.events.emit(new LeafSplit(leafIova, 1L << sizeShift, 1L << childShift, level, newTable, dirty));
        }
    }

    private boolean allowed(int level, int sizeShift) {
        return (fmt.leafSizesAt(level) & (1L << sizeShift)) != 0;
    }

    /** A leaf entry carrying the given Accessed and Dirty state. */
    private long leaf(long pa, int level, int sizeShift, int prot, boolean acc, boolean dirty) {
        long v = fmt.encodeLeaf(pa, level, sizeShift, prot);
        v = acc ? fmt.markAccessed(v) : fmt.clearAccessed(v);
        return dirty ? fmt.markDirty(v) : fmt.makeClean(v);
    }

    void collapse(long tpa, int level, long first, long last, boolean ev) {
        if (level == 0) {
            return;
        }
        long[] t = pt.pool.memory(tpa);
        int o = TablePagePool.offset(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        int to = pt.index(last, level);
        for (int i = pt.index(first, level); i <= to; i++) {
            long e = t[o + i];
            if (fmt.kind(e, level) != PageTableFormat.TABLE) {
                continue;
            }
            long itemIova = base | ((long) i << shift);
            long itemLast = itemIova + (1L << shift) - 1;
            long child = fmt.tablePa(e);
            collapse(child, level - 1, IoPageTable.umax(first, itemIova), IoPageTable.umin(last, itemLast), ev);
            if (Long.compareUnsigned(first, itemIova) <= 0 && Long.compareUnsigned(itemLast, last) <= 0) {
                tryCollapse(t, o, tpa, i, level, child, itemIova, ev);
            }
        }
    }

    private void tryCollapse(long[] t, int o, long tpa, int i, int level, long child, long itemIova, boolean ev) {
        int shift = pt.itemShift[level];
        if (!allowed(level, shift)) {
            return;
        }
        int cl = level - 1;
        int cshift = pt.itemShift[cl];
        long[] ct = pt.pool.memory(child);
        int co = TablePagePool.offset(child);
        long e0 = ct[co];
        if (fmt.kind(e0, cl) != PageTableFormat.LEAF) {
            return;
        }
        long base = fmt.leafPa(e0, cl);
        int prot = fmt.prot(e0);
        if ((base & ((1L << shift) - 1)) != 0) {
            return;
        }
        boolean dirty = false;
        boolean acc = false;
        for (int j = 0; j < pt.entries; j++) {
            long e = ct[co + j];
            if (fmt.kind(e, cl) != PageTableFormat.LEAF || fmt.prot(e) != prot) {
                return;
            }
            int g = j & -(1 << fmt.contigShift(e, cl));
            if (fmt.leafPa(e, cl) + ((long) (j - g) << cshift) != base + ((long) j << cshift)) {
                return;
            }
            dirty |= fmt.isDirty(e);
            acc |= fmt.isAccessed(e);
        }
        for (int j = 0; j < pt.entries; ) {
            int cs = fmt.contigShift(ct[co + j], cl);
            pt.leafCount[cshift + cs]--;
            j += 1 << cs;
        }
        pt.write(t, o, tpa, i, leaf(base, level, shift, prot, acc, dirty), UpdateReason.COLLAPSE, ev);
        pt.leafCount[shift]++;
        pt.freeTable(child, cl, itemIova);
        pt.collapses++;
        if (ev) {
            pt.events.emit(new TableCollapsed(itemIova, 1L << shift, level, child, dirty));
        }
    }
}
