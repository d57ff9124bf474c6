package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;

/**
 * The one range iterator of {@link IoPageTable}: a position in one table during a walk over an IOVA range, as
 * generic_pt's {@code struct pt_state} ({@code drivers/iommu/generic_pt/pt_iter.h}). Every operation is written as
 * generic_pt writes them:
 *
 * <pre>
 * for (s.first(); s.load(); s.next()) {      // for_each_pt_level_entry(&amp;pts)
 *     switch (s.type()) {
 *         case TABLE -&gt; op(s.descend());       // pt_descend(): the lower table, range clipped to this item
 *         case LEAF -&gt; ...                     // a whole leaf: replicas (AMD NextLevel=7) are one step
 *         default -&gt; ...
 *     }
 * }
 * </pre>
 *
 * A range that starts inside a replicated leaf loads that leaf at the range's first slot; {@link #leafIndex()} is
 * its first replica and {@link #next()} continues after its last, as {@code pt_next_entry} does. An operation that
 * rewrites the entry under the cursor says where to go on with {@link #resumeAt(int)}.
 *
 * <p>Read-only users (inspectors, the dump) get one from {@link IoPageTable#walkRange(long, long)}; only the
 * package writes entries. A state owns the states of the levels below it (one each, reused at every descent), so a
 * walk allocates nothing per entry.
 */
public final class PtState {
    final IoPageTable pt;
    final PageTableFormat fmt;
    final int level;
    final int shift;
    long tablePa;
    long[] mem;
    int off;
    /** IOVA of entry 0 of this table. */
    long tableIova;
    /** The part of the walked range that lies in this table. */
    long first;
    long last;
    int index;
    int endIndex;
    int nextIndex;
    long entry;
    int type;
    private PtState lower;
    /**
     * Whether this walk may write entries: its table memory is then taken with {@link TablePagePool#writableMemory},
     * so a table page shared with a checkpoint is copied before the walk reads, and later writes go to that copy.
     */
    final boolean writes;

    PtState(IoPageTable pt, int level, boolean writes) {
        this.pt = pt;
        this.fmt = pt.fmt;
        this.level = level;
        this.shift = pt.itemShift[level];
        this.writes = writes;
    }

    /** Points this state at the table at {@code tpa} and the slice {@code [first, last]} of the range in it. */
    PtState reset(long tpa, long first, long last) {
        this.tablePa = tpa;
        this.mem = writes ? pt.pool.writableMemory(tpa) : pt.pool.memory(tpa);
        this.off = pt.pool.offset(tpa);
        this.first = first;
        this.last = last;
        this.tableIova = pt.tableBase(first, level);
        return this;
    }

    /** Starts the iteration at the entry holding the range's first IOVA ({@code _pt_iter_first}). */
    public void first() {
        index = pt.index(first, level);
        endIndex = pt.index(last, level) + 1;
    }

    /** Loads the entry at the cursor; false when the range in this table is exhausted ({@code _pt_iter_load}). */
    public boolean load() {
        if (index >= endIndex) {
            return false;
        }
        entry = mem[off + index];
        type = fmt.kind(entry, level);
        nextIndex = type == PageTableFormat.LEAF ? leafIndex() + (1 << fmt.contigShift(entry, level)) : index + 1;
        return true;
    }

    /** Moves past the loaded entry, past all its replicas for a replicated leaf ({@code pt_next_entry}). */
    public void next() {
        index = nextIndex;
    }

    /**
     * The state of the table the loaded {@link PageTableFormat#TABLE} entry points to, for the part of the range it
     * covers, positioned before its first entry ({@code pt_descend}).
     */
    public PtState descend() {
        if (type != PageTableFormat.TABLE) {
            throw new IllegalStateException("descend from a level-" + level + " entry that is not a table");
        }
        if (lower == null) {
            lower = new PtState(pt, level - 1, writes);
        }
        long item = itemIova();
        return lower.reset(fmt.tablePa(entry), IoPageTable.umax(first, item),
            IoPageTable.umin(last, item + (1L << shift) - 1));
    }

    /** Level of this table (0 holds the smallest leaves). */
    public int level() {
        return level;
    }

    /** Physical address of this table. */
    public long tablePa() {
        return tablePa;
    }

    /** Index of the loaded entry in this table. */
    public int index() {
        return index;
    }

    /** One past the last index the range covers in this table. */
    public int endIndex() {
        return endIndex;
    }

    /** The loaded entry, raw. */
    public long entry() {
        return entry;
    }

    /** {@link PageTableFormat#EMPTY}, {@link PageTableFormat#TABLE} or {@link PageTableFormat#LEAF}. */
    public int type() {
        return type;
    }

    /** First IOVA of the loaded entry's slot. */
    public long itemIova() {
        return tableIova | ((long) index << shift);
    }

    /** log2 of the IOVA span of one slot of this table. */
    public int itemShift() {
        return shift;
    }

    /** First range IOVA in this table. */
    public long rangeFirst() {
        return first;
    }

    /** Last range IOVA in this table (inclusive). */
    public long rangeLast() {
        return last;
    }

    /** Index of the first replica of the loaded leaf (its own index unless it is replicated). */
    public int leafIndex() {
        return index & -(1 << fmt.contigShift(entry, level));
    }

    /** Number of slots the loaded leaf occupies. */
    public int leafSlots() {
        return 1 << fmt.contigShift(entry, level);
    }

    /** First IOVA of the whole loaded leaf. */
    public long leafIova() {
        return tableIova | ((long) leafIndex() << shift);
    }

    /** Bytes the whole loaded leaf maps. */
    public long leafSize() {
        return (long) leafSlots() << shift;
    }

    /** Whether any replica of the loaded leaf reads dirty. */
    public boolean leafDirty() {
        return pt.groupDirty(mem, off, leafIndex(), leafSlots());
    }

    /** Whether any replica of the loaded leaf reads accessed. */
    public boolean leafAccessed() {
        int g = leafIndex();
        for (int j = g; j < g + leafSlots(); j++) {
            if (fmt.isAccessed(mem[off + j])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the whole slot of the loaded entry lies inside the range. */
    boolean itemInRange() {
        long item = itemIova();
        return Long.compareUnsigned(first, item) <= 0
            && Long.compareUnsigned(item + (1L << shift) - 1, last) <= 0;
    }

    /** A new state over the same table for the slice {@code [first, last]} of it (a second walk of this table). */
    PtState slice(long first, long last) {
        return new PtState(pt, level, writes).reset(tablePa, first, last);
    }

    /** Continue the iteration at index {@code i} instead of after the loaded entry (it was rewritten). */
    void resumeAt(int i) {
        nextIndex = i;
    }

    /** Writes slot {@code i} of this table, with an {@code EntryUpdated} event when enabled. */
    void write(int i, long v, UpdateReason why, boolean ev) {
        pt.write(mem, off, tablePa, i, tableIova | ((long) i << shift), v, why, ev);
    }
}
