package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;

/**
 * The walk of generic_pt's {@code read_and_clear_dirty} ({@code drivers/iommu/generic_pt/iommu_pt.h}) for an
 * {@link IoPageTable}. The hot loop allocates nothing per leaf and builds no event when the sink is disabled; the
 * gather is kept in fields and turned into one {@link DirtyGather} at the end.
 */
final class DirtyScan {
    private final IoPageTable pt;
    private final PageTableFormat fmt;
    private long gStart;
    private long gEnd;
    private long gPage;
    private long gCount;
    private long gRecorded;
    /** Whether level-0 leaves can be replicated (AMD NextLevel=7); then the hot loop must OR replicas. */
    private final boolean replicatesAtLevel0;

    DirtyScan(IoPageTable pt, boolean fastLevel0) {
        this.pt = pt;
        this.fastLevel0 = fastLevel0;
        this.fmt = pt.fmt;
        this.replicatesAtLevel0 = (fmt.leafSizesAt(0) & ~(1L << pt.itemShift[0])) != 0;
    }

    /** Whether level-0 tables take the hand-written loops of {@link #scanLevel0} (off only to test it). */
    private final boolean fastLevel0;

    DirtyGather run(PtState top, boolean clear, DirtyRecorder rec, boolean ev) {
        gStart = 0;
        gEnd = 0;
        gPage = 0;
        gCount = 0;
        gRecorded = 0;
        scanDirty(top, clear, rec, ev);
        return gCount == 0 ? DirtyGather.EMPTY : new DirtyGather(gStart, gEnd, gPage, gCount);
    }

    /** Dirty leaves reported by the last run. */
    long recorded() {
        return gRecorded;
    }

    /** generic_pt's {@code __read_and_clear_dirty}: every dirty leaf recorded whole, cleaned and gathered. */
    private void scanDirty(PtState s, boolean clear, DirtyRecorder rec, boolean ev) {
        if (s.level == 0 && fastLevel0) {
            s.first();
            scanLevel0(s.mem, s.off, s.tablePa, s.index, s.endIndex - 1, s.tableIova, s.shift, clear, rec, ev);
            return;
        }
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE && s.level == 1 && fastLevel0) {
                scanLevel0Table(s, clear, rec, ev);
            } else if (s.type == PageTableFormat.TABLE) {
                scanDirty(s.descend(), clear, rec, ev);
            } else if (s.type == PageTableFormat.LEAF && s.leafDirty()) {
                dirtyLeaf(s.mem, s.off, s.tablePa, s.leafIndex(), s.leafSlots(), s.leafIova(), s.leafSize(), clear,
                    rec, ev);
            }
        }
    }

    /**
     * The level-0 table under the loaded level-1 entry of {@code s}, straight into {@link #scanLevel0} without a
     * descent of the iterator: 32 768 leaf tables per 64 GiB, and the descent's bookkeeping cost the scan 13%.
     */
    private void scanLevel0Table(PtState s, boolean clear, DirtyRecorder rec, boolean ev) {
        long child = fmt.tablePa(s.entry);
        long item = s.itemIova();
        long first = IoPageTable.umax(s.first, item);
        long last = IoPageTable.umin(s.last, item + (1L << s.shift) - 1);
        scanLevel0(clear ? pt.pool.writableMemory(child) : pt.pool.memory(child), pt.pool.offset(child), child,
            pt.index(first, 0), pt.index(last, 0), item, pt.itemShift[0], clear, rec, ev);
    }

    /**
     * A level-0 table (no table pointers below). A replicated leaf (AMD NextLevel=7) is handled as a whole at its
     * first dirty replica. A replicated group cut by an end of the range reads dirty if any replica does, also one
     * outside the range, so it is checked whole: the one cut by the start is recorded first and the one cut by the
     * end last, which keeps the records, and so the gather, in ascending IOVA order.
     */
    private void scanLevel0(long[] t, int o, long tpa, int from, int to, long base, int shift, boolean clear,
                            DirtyRecorder rec, boolean ev) {
        if (replicatesAtLevel0 && from != 0) { // a whole table cuts no group
            int n = groupSize(t[o + from]);
            if (n > 1) {
                int g = from & -n;
                if (pt.groupDirty(t, o, g, n)) {
                    dirtyLeaf(t, o, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, ev);
                }
                from = g + n;
            }
        }
        if (from > to) {
            return;
        }
        int cutGroup = -1;
        int cutSize = 0;
        if (replicatesAtLevel0 && to != pt.entries - 1) {
            int n = groupSize(t[o + to]);
            int g = to & -n;
            if (n > 1 && g + n - 1 > to) {
                cutGroup = g;
                cutSize = n;
                to = g - 1;
            }
        }
        if (from <= to && !ev) {
            scanQuietLevel0(t, o, tpa, from, to, base, shift, clear, rec);
        } else if (from <= to) {
            // The events loop stays written out here on purpose: it keeps this method too big for C2 to inline into
            // the recursive scanDirty, so the quiet loop above is compiled with this method and keeps its registers.
            // Measured (DirtyScanBenchmark, VT-d): 9.2 ms this way, 13.5 ms with this loop moved to its own method.
            long size = 1L << shift;
            PageTableFormat f = fmt;
            long count = gCount;
            long start = gStart;
            long end = gEnd;
            long page = gPage;
            long recorded = 0;
            int last = o + to;
            for (int p = o + from; p <= last; p++) {
                long e = t[p];
                if (!f.isDirty(e) || f.kind(e, 0) != PageTableFormat.LEAF) {
                    continue;
                }
                int i = p - o;
                if (replicatesAtLevel0 && f.contigShift(e, 0) != 0) {
                    int n = 1 << f.contigShift(e, 0);
                    int g = i & -n;
                    gCount = count;
                    gStart = start;
                    gEnd = end;
                    gPage = page;
                    dirtyLeaf(t, o, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, true);
                    count = gCount;
                    start = gStart;
                    end = gEnd;
                    page = gPage;
                    p = o + g + n - 1;
                    continue;
                }
                long leafIova = base | ((long) i << shift);
                rec.record(leafIova, size);
                recorded++;
                if (clear) {
                    long c = f.makeClean(e);
                    t[p] = c;
                    pt.events.emit(new EntryUpdated(tpa, i, e, c, UpdateReason.CLEAN_DIRTY, leafIova));
                    if (count == 0) {
                        start = leafIova;
                        page = size;
                    } else if (size < page) {
                        page = size;
                    }
                    end = leafIova + size;
                    count++;
                }
                pt.events.emit(new DirtyRecorded(leafIova, size, clear));
            }
            gCount = count;
            gStart = start;
            gEnd = end;
            gPage = page;
            gRecorded += recorded;
        }
        if (cutGroup >= 0 && pt.groupDirty(t, o, cutGroup, cutSize)) {
            dirtyLeaf(t, o, tpa, cutGroup, cutSize, base | ((long) cutGroup << shift), (long) cutSize << shift,
                clear, rec, ev);
        }
    }

    /**
     * The hottest loop: a level-0 table without events. Only what hardware and the recorder need happens per dirty
     * leaf; the gather is brought up to date per run of single-slot leaves (they are all one size and visited in
     * ascending order, so its end and count follow from the last dirty entry and the number seen). A replicated
     * leaf is handed to {@link #dirtyLeaf} whole, at its first dirty replica.
     */
    private void scanQuietLevel0(long[] t, int o, long tpa, int from, int to, long base, int shift, boolean clear,
                                 DirtyRecorder rec) {
        PageTableFormat f = fmt;
        long size = 1L << shift;
        int first = -1;
        int lastDirty = -1;
        long runCount = 0;
        int end = o + to;
        int p = o + from;
        while (true) {
            // Single-slot leaves, the common case: nothing in this loop calls out but the recorder.
            for (p = nextDirtySlot(t, p, end); p >= 0; p = nextDirtySlot(t, p + 1, end)) {
                long e = t[p];
                if (!f.isSingleSlotLeaf(e, 0)) {
                    if (f.kind(e, 0) == PageTableFormat.LEAF) {
                        break; // replicated
                    }
                    continue;
                }
                rec.record(base | ((long) (p - o) << shift), size);
                if (clear) {
                    t[p] = f.makeClean(e);
                }
                if (first < 0) {
                    first = p;
                }
                lastDirty = p;
                runCount++;
            }
            if (p < 0) {
                break;
            }
            // A dirty replicated leaf (AMD NextLevel=7) at p: recorded, cleaned and gathered as a whole, once.
            gatherRun(first, lastDirty, runCount, o, base, shift, clear);
            first = -1;
            runCount = 0;
            int r = 1 << f.contigShift(t[p], 0);
            int g = (p - o) & -r;
            dirtyLeaf(t, o, tpa, g, r, base | ((long) g << shift), (long) r << shift, clear, rec, false);
            p = o + g + r;
        }
        gatherRun(first, lastDirty, runCount, o, base, shift, clear);
    }

    /**
     * The first slot in {@code p..end} of the slab {@code t} that reads dirty, or -1. Only a load and a test per
     * entry, so the JIT unrolls it like a plain array scan.
     */
    private int nextDirtySlot(long[] t, int p, int end) {
        PageTableFormat f = fmt;
        for (; p <= end; p++) {
            if (f.isDirty(t[p])) {
                return p;
            }
        }
        return -1;
    }

    /** Adds {@code n} recorded single-slot leaves, the first and last at slots {@code first} and {@code last}. */
    private void gatherRun(int first, int last, long n, int o, long base, int shift, boolean clear) {
        gRecorded += n;
        if (n == 0 || !clear) {
            return;
        }
        long size = 1L << shift;
        gather(base | ((long) (first - o) << shift), (base | ((long) (last - o) << shift)) + size, size, n);
    }

    /**
     * Adds {@code n} cleaned leaves of {@code size} bytes spanning {@code [start, end)} to the gather. Leaves are
     * visited in ascending IOVA order, so the gather starts at the first and ends at the last.
     */
    private void gather(long start, long end, long size, long n) {
        if (gCount == 0) {
            gStart = start;
            gPage = size;
        } else if (size < gPage) {
            gPage = size;
        }
        gEnd = end;
        gCount += n;
    }

    /** Number of slots of the level-0 leaf {@code e} (1 when empty or not replicated). */
    private int groupSize(long e) {
        return fmt.kind(e, 0) == PageTableFormat.LEAF ? 1 << fmt.contigShift(e, 0) : 1;
    }

    private void dirtyLeaf(long[] t, int o, long tpa, int g, int n, long leafIova, long size, boolean clear,
                           DirtyRecorder rec, boolean ev) {
        rec.record(leafIova, size);
        gRecorded++;
        if (clear) {
            for (int j = g; j < g + n; j++) {
                long e = t[o + j];
                long c = fmt.makeClean(e);
                if (c != e) {
                    pt.write(t, o, tpa, j, leafIova + (j - g) * (size / n), c, UpdateReason.CLEAN_DIRTY, ev);
                }
            }
            gather(leafIova, leafIova + size, size, 1);
        }
        if (ev) {
            pt.events.emit(new DirtyRecorded(leafIova, size, clear));
        }
    }
}
