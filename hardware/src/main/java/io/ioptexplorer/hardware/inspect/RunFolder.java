package io.ioptexplorer.hardware.inspect;

import java.util.function.Consumer;

/**
 * The one piece of code that folds entries into rows, shared by the tree (one table page at a time) and
 * {@code dump} (the whole table, runs continuing across table pages, in the manner of Linux ptdump's
 * {@code note_page}): consecutive empty entries become one row, consecutive leaves of the same level, size and
 * attribute key become one row, and a table entry is always a row of its own.
 */
final class RunFolder {
    private final Consumer<PtRow> out;
    private final LeafAttributes attrs;
    private final boolean keepEmpty;

    // The open run, if any.
    private PtRow.Kind kind;
    private int level;
    private long tablePa;
    private int firstIndex;
    private int lastIndex;
    private long firstIova;
    private long lastIova;
    private long leafSize;
    private long count;
    private long raw;
    private long pa;
    private int prot;
    private boolean accessed;
    private boolean dirty;
    private long key;

    /** @param keepEmpty whether runs of empty entries are rows (the tree) or dropped (dump, as ptdump) */
    RunFolder(LeafAttributes attrs, boolean keepEmpty, Consumer<PtRow> out) {
        this.attrs = attrs;
        this.keepEmpty = keepEmpty;
        this.out = out;
    }

    void empty(int lvl, long tpa, int index, long iova, long span) {
        if (kind == PtRow.Kind.EMPTY && lvl == level && iova == lastIova + 1) {
            lastIndex = index;
            lastIova = iova + span - 1;
            count++;
            return;
        }
        flush();
        if (!keepEmpty) {
            return;
        }
        open(PtRow.Kind.EMPTY, lvl, tpa, index, iova, iova + span - 1);
        leafSize = 0;
        count = 1;
    }

    void table(int lvl, long tpa, int index, long iova, long span, long entry, long nextTablePa) {
        flush();
        open(PtRow.Kind.TABLE, lvl, tpa, index, iova, iova + span - 1);
        count = 1;
        raw = entry;
        pa = nextTablePa;
        flush();
    }

    /**
     * One leaf (a replicated leaf once, at its first slot).
     *
     * @param lastSlot index of its last slot in the table
     */
    void leaf(int lvl, long tpa, int index, int lastSlot, long iova, long size, long entry, long outputPa,
              int leafProt, boolean a, boolean d) {
        long k = attrs.key(entry, lvl, a, d);
        if (kind == PtRow.Kind.LEAVES && lvl == level && size == leafSize && k == key && iova == lastIova + 1) {
            lastIndex = lastSlot;
            lastIova = iova + size - 1;
            count++;
            return;
        }
        flush();
        open(PtRow.Kind.LEAVES, lvl, tpa, index, iova, iova + size - 1);
        lastIndex = lastSlot;
        leafSize = size;
        count = 1;
        raw = entry;
        pa = outputPa;
        prot = leafProt;
        accessed = a;
        dirty = d;
        key = k;
    }

    private void open(PtRow.Kind k, int lvl, long tpa, int index, long first, long last) {
        kind = k;
        level = lvl;
        tablePa = tpa;
        firstIndex = index;
        lastIndex = index;
        firstIova = first;
        lastIova = last;
        raw = 0;
        pa = 0;
        prot = 0;
        accessed = false;
        dirty = false;
    }

    /** Ends the open run, if any, and hands it on. */
    void flush() {
        if (kind == null) {
            return;
        }
        String flags = kind == PtRow.Kind.EMPTY ? "" : attrs.flags(raw, level, dirty);
        out.accept(new PtRow(kind, level, tablePa, firstIndex, lastIndex, firstIova, lastIova, leafSize, count, raw,
            pa, prot, accessed, dirty, flags));
        kind = null;
    }
}
