package io.ioptexplorer.hardware.pagetable;

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

    /** Splits every leaf the walk meets that is larger than {@code 2^targetShift}, down to that size. */
    void split(PtState s, int targetShift, boolean ev) {
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                split(s.descend(), targetShift, ev);
            } else if (s.type == PageTableFormat.LEAF && s.leafSize() > 1L << targetShift) {
                long leafIova = s.leafIova();
                long leafLast = leafIova + s.leafSize() - 1;
                splitLeaf(s.mem, s.off, s.tablePa, s.level, s.leafIndex(), s.leafSlots(),
                    Long.numberOfTrailingZeros(s.leafSize()), targetShift, leafIova, ev);
                // Split what the leaf became, all of it (also beyond the range), down to the target size.
                split(s.slice(leafIova, leafLast), targetShift, ev);
            }
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
                    pt.write(t, o, tpa, g + j + r, leafIova + ((long) (j + r) << shift), v, UpdateReason.SPLIT, ev);
                }
            }
            pt.leafCount[childShift] += n / m;
        } else {
            int cl = level - 1;
            int cshift = pt.itemShift[cl];
            childShift = allowed(cl, targetShift) && targetShift >= cshift ? targetShift : cshift;
            newTable = pt.allocTable(cl, leafIova);
            long[] ct = pt.pool.writableMemory(newTable);
            int co = pt.pool.offset(newTable);
            int m = 1 << (childShift - cshift);
            for (int j = 0; j < pt.entries; j += m) {
                long v = leaf(pa + ((long) j << cshift), cl, childShift, prot, acc, dirty);
                for (int r = 0; r < m; r++) {
                    pt.write(ct, co, newTable, j + r, leafIova + ((long) (j + r) << cshift), v, UpdateReason.SPLIT, ev);
                }
            }
            pt.write(t, o, tpa, g, leafIova, fmt.encodeTable(newTable, level), UpdateReason.SPLIT, ev);
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

    /** Collapses, bottom-up, every table whose slot lies wholly inside the walked range and can be one leaf. */
    void collapse(PtState s, boolean ev) {
        if (s.level == 0) {
            return;
        }
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                collapse(s.descend(), ev);
                if (s.itemInRange()) {
                    tryCollapse(s.mem, s.off, s.tablePa, s.index, s.level, pt.fmt.tablePa(s.entry), s.itemIova(), ev);
                }
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
        int co = pt.pool.offset(child);
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
        pt.write(t, o, tpa, i, itemIova, leaf(base, level, shift, prot, acc, dirty), UpdateReason.COLLAPSE, ev);
        pt.leafCount[shift]++;
        pt.freeTable(child, cl, itemIova);
        pt.collapses++;
        if (ev) {
            pt.events.emit(new TableCollapsed(itemIova, 1L << shift, level, child, dirty));
        }
    }
}
