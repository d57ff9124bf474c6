package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.memory.TablePagePool;
/** Read-only queries of an {@link IoPageTable}: no entry is written and no event emitted. */
final class LeafQueries {
    private final IoPageTable pt;
    private final PageTableFormat fmt;

    LeafQueries(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.fmt;
    }

    /**
     * The raw entry at {@code level} on the walk path of {@code iova}, without side effects; 0 when the path ends
     * above that level (or the IOVA is beyond the address width). For the inspector and bit-exact tests.
     */
    long entryAt(long iova, int level) {
        if (Long.compareUnsigned(iova, fmt.maxIova()) > 0 || level < 0 || level > pt.top) {
            return 0;
        }
        long tpa = pt.rootPa;
        for (int l = pt.top; ; l--) {
            long e = pt.pool.read(tpa, pt.index(iova, l));
            if (l == level) {
                return e;
            }
            if (fmt.kind(e, l) != PageTableFormat.TABLE) {
                return 0;
            }
            tpa = fmt.tablePa(e);
        }
    }

    /** Physical address of the table at {@code level} on the walk path of {@code iova}, or -1 if there is none. */
    long tableAt(long iova, int level) {
        if (Long.compareUnsigned(iova, fmt.maxIova()) > 0 || level < 0 || level > pt.top) {
            return -1;
        }
        long tpa = pt.rootPa;
        for (int l = pt.top; l > level; l--) {
            long e = pt.pool.read(tpa, pt.index(iova, l));
            if (fmt.kind(e, l) != PageTableFormat.TABLE) {
                return -1;
            }
            tpa = fmt.tablePa(e);
        }
        return tpa;
    }

    void visit(long tpa, int level, long first, long last, LeafVisitor v) {
        long[] t = pt.pool.memory(tpa);
        int o = TablePagePool.offset(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        int to = pt.index(last, level);
        for (int i = pt.index(first, level); i <= to; i++) {
            long e = t[o + i];
            int k = fmt.kind(e, level);
            long itemIova = base | ((long) i << shift);
            if (k == PageTableFormat.TABLE) {
                visit(fmt.tablePa(e), level - 1, IoPageTable.umax(first, itemIova),
                    IoPageTable.umin(last, itemIova + (1L << shift) - 1), v);
            } else if (k == PageTableFormat.LEAF) {
                int n = 1 << fmt.contigShift(e, level);
                int g = i & -n;
                boolean acc = false;
                for (int j = g; j < g + n; j++) {
                    acc |= fmt.isAccessed(t[o + j]);
                }
                v.leaf(base | ((long) g << shift), (long) n << shift, fmt.leafPa(e, level), fmt.prot(e), acc,
                    pt.groupDirty(t, o, g, n));
                i = g + n - 1;
            }
        }
    }

    boolean anyLeaf(long tpa, int level, long first, long last) {
        long[] t = pt.pool.memory(tpa);
        int o = TablePagePool.offset(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        int to = pt.index(last, level);
        for (int i = pt.index(first, level); i <= to; i++) {
            int k = fmt.kind(t[o + i], level);
            if (k == PageTableFormat.LEAF) {
                return true;
            }
            if (k == PageTableFormat.TABLE) {
                long itemIova = base | ((long) i << shift);
                if (anyLeaf(fmt.tablePa(t[o + i]), level - 1, IoPageTable.umax(first, itemIova),
                    IoPageTable.umin(last, itemIova + (1L << shift) - 1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
