package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link PageTableFolding} over an {@link IoPageTable}, reading table pages through the pool's public read-only
 * accessors. Call it on the simulation thread; the rows it returns are immutable.
 */
public final class RadixFolding implements PageTableFolding {
    private final IoPageTable pt;
    private final PageTableFormat fmt;
    private final LeafAttributes attrs;

    public RadixFolding(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.format();
        this.attrs = new LeafAttributes(fmt);
    }

    @Override
    public List<PtRow> rootRows() {
        List<PtRow> rows = new ArrayList<>();
        RunFolder f = new RunFolder(attrs, true, rows::add);
        int top = fmt.levels() - 1;
        feed(f, pt.rootAddress(), top, 0, 0, topEntries() - 1, false);
        f.flush();
        return rows;
    }

    @Override
    public List<PtRow> expand(PtRow row) {
        List<PtRow> rows = new ArrayList<>();
        if (row.kind() == PtRow.Kind.TABLE && row.level() > 0) {
            RunFolder f = new RunFolder(attrs, true, rows::add);
            feed(f, row.outputAddress(), row.level() - 1, row.firstIova(), 0, fmt.tableEntries() - 1, false);
            f.flush();
        } else if (row.kind() == PtRow.Kind.LEAVES && row.count() > 1) {
            // One row per leaf: a folder that closes every run at once.
            RunFolder f = new RunFolder(attrs, true, r -> rows.add(r));
            long base = row.firstIova() - ((long) row.firstIndex() << fmt.itemShift(row.level()));
            feed(f, row.tablePa(), row.level(), base, row.firstIndex(), row.lastIndex(), true);
            f.flush();
        }
        return rows;
    }

    @Override
    public void forEachRun(Consumer<PtRow> out) {
        RunFolder f = new RunFolder(attrs, false, out);
        walk(f, pt.rootAddress(), fmt.levels() - 1, 0, topEntries());
        f.flush();
    }

    /** Entries of the top table that lie inside the IOVA width (AMD's 6-level top uses 128 of 512). */
    private int topEntries() {
        int top = fmt.levels() - 1;
        int bitsAbove = fmt.vaBits() - fmt.itemShift(top);
        return bitsAbove >= fmt.bitsPerLevel() ? fmt.tableEntries() : 1 << bitsAbove;
    }

    private void walk(RunFolder f, long tpa, int level, long base, int n) {
        int shift = fmt.itemShift(level);
        for (int i = 0; i < n; i++) {
            long e = pt.pool().read(tpa, i);
            int k = fmt.kind(e, level);
            if (k == PageTableFormat.TABLE) {
                walk(f, fmt.tablePa(e), level - 1, base + ((long) i << shift), fmt.tableEntries());
            } else if (k == PageTableFormat.LEAF) {
                i = leaf(f, tpa, level, base, i, e);
            }
        }
    }

    /** Feeds entries first..last of one table; {@code single} closes each leaf's run so every leaf is a row. */
    private void feed(RunFolder f, long tpa, int level, long base, int first, int last, boolean single) {
        int shift = fmt.itemShift(level);
        for (int i = first; i <= last; i++) {
            long e = pt.pool().read(tpa, i);
            long iova = base + ((long) i << shift);
            switch (fmt.kind(e, level)) {
                case PageTableFormat.TABLE -> f.table(level, tpa, i, iova, 1L << shift, e, fmt.tablePa(e));
                case PageTableFormat.LEAF -> i = leaf(f, tpa, level, base, i, e);
                default -> f.empty(level, tpa, i, iova, 1L << shift);
            }
            if (single) {
                f.flush();
            }
        }
    }

    /** Feeds the leaf whose slot {@code i} was met (a replicated leaf once, A/D OR'ed); returns its last slot. */
    private int leaf(RunFolder f, long tpa, int level, long base, int i, long e) {
        int shift = fmt.itemShift(level);
        int n = 1 << fmt.contigShift(e, level);
        int g = i & -n;
        boolean a = false;
        boolean d = false;
        for (int j = g; j < g + n; j++) {
            long r = pt.pool().read(tpa, j);
            a |= fmt.isAccessed(r);
            d |= fmt.isDirty(r);
        }
        f.leaf(level, tpa, g, g + n - 1, base + ((long) g << shift), (long) n << shift, e, fmt.leafPa(e, level),
            fmt.prot(e), a, d);
        return g + n - 1;
    }
}
