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

    DirtyScan(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.fmt;
        this.replicatesAtLevel0 = (fmt.leafSizesAt(0) & ~(1L << pt.itemShift[0])) != 0;
    }

    DirtyGather run(long first, long last, boolean clear, DirtyRecorder rec, boolean ev) {
        gStart = 0;
        gEnd = 0;
        gPage = 0;
        gCount = 0;
        gRecorded = 0;
        scanDirty(pt.rootPa, pt.top, first, last, clear, rec, ev);
        return gCount == 0 ? DirtyGather.EMPTY : new DirtyGather(gStart, gEnd, gPage, gCount);
    }

    /** Dirty leaves reported by the last run. */
    long recorded() {
        return gRecorded;
    }

    private void scanDirty(long tpa, int level, long first, long last, boolean clear, DirtyRecorder rec,
                           boolean ev) {
        long[] t = pt.pool.table(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        int to = pt.index(last, level);
        if (level == 0) {
            scanLevel0(t, tpa, pt.index(first, 0), to, base, shift, clear, rec, ev);
            return;
        }
        for (int i = pt.index(first, level); i <= to; i++) {
            long e = t[i];
            if (e == 0) {
                continue;
            }
            int k = fmt.kind(e, level);
            if (k == PageTableFormat.LEAF) {
                int cs = fmt.contigShift(e, level);
                if (cs == 0) {
                    if (fmt.isDirty(e)) {
                        long leafIova = base | ((long) i << shift);
                        dirtyLeaf(t, tpa, i, 1, leafIova, 1L << shift, clear, rec, ev);
                    }
                } else {
                    int n = 1 << cs;
                    int g = i & -n;
                    if (pt.groupDirty(t, g, n)) {
                        dirtyLeaf(t, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, ev);
                    }
                    i = g + n - 1;
                }
            } else if (k == PageTableFormat.TABLE) {
                long itemIova = base | ((long) i << shift);
                scanDirty(fmt.tablePa(e), level - 1, IoPageTable.umax(first, itemIova),
                    IoPageTable.umin(last, itemIova + (1L << shift) - 1), clear, rec, ev);
            }
        }
    }

    /**
     * The hot path: a level-0 table (no table pointers below). A call-free loop finds the next entry that reads
     * dirty; each dirty leaf is recorded, cleaned and gathered without allocating. A replicated leaf (AMD
     * NextLevel=7) is handled as a whole at its first dirty replica; groups cut by the ends of the range are checked
     * first, since their dirty state is the OR of all replicas, also those outside the range.
     */
    private void scanLevel0(long[] t, long tpa, int from, int to, long base, int shift, boolean clear,
                            DirtyRecorder rec, boolean ev) {
        if (replicatesAtLevel0) {
            int n = groupSize(t[from]);
            if (n > 1) {
                int g = from & -n;
                if (pt.groupDirty(t, g, n)) {
                    dirtyLeaf(t, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, ev);
                }
                from = g + n;
            }
            if (from > to) {
                return;
            }
            n = groupSize(t[to]);
            int g = to & -n;
            if (n > 1 && g + n - 1 > to) {
                if (pt.groupDirty(t, g, n)) {
                    dirtyLeaf(t, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, ev);
                }
                to = g - 1;
            }
        }
        long size = 1L << shift;
        for (int i = nextDirty(t, from, to); i >= 0; i = nextDirty(t, i + 1, to)) {
            long e = t[i];
            if (fmt.kind(e, 0) != PageTableFormat.LEAF) {
                continue;
            }
            if (replicatesAtLevel0) {
                int n = 1 << fmt.contigShift(e, 0);
                if (n > 1) {
                    int g = i & -n;
                    dirtyLeaf(t, tpa, g, n, base | ((long) g << shift), (long) n << shift, clear, rec, ev);
                    i = g + n - 1;
                    continue;
                }
            }
            long leafIova = base | ((long) i << shift);
            rec.record(leafIova, size);
            gRecorded++;
            if (clear) {
                long c = fmt.makeClean(e);
                t[i] = c;
                if (ev) {
                    pt.events.emit(new EntryUpdated(tpa, i, e, c, UpdateReason.CLEAN_DIRTY));
                }
                if (gCount == 0) {
                    gStart = leafIova;
                    gPage = size;
                } else if (size < gPage) {
                    gPage = size;
                }
                gEnd = leafIova + size;
                gCount++;
            }
            if (ev) {
                pt.events.emit(new DirtyRecorded(leafIova, size, clear));
            }
        }
    }

    /** Number of slots of the level-0 leaf {@code e} (1 when empty or not replicated). */
    private int groupSize(long e) {
        return fmt.kind(e, 0) == PageTableFormat.LEAF ? 1 << fmt.contigShift(e, 0) : 1;
    }

    /** Index of the first entry in [from, to] that reads dirty, or -1. */
    private int nextDirty(long[] t, int from, int to) {
        PageTableFormat f = fmt;
        for (int i = from; i <= to; i++) {
            if (f.isDirty(t[i])) {
                return i;
            }
        }
        return -1;
    }

    private void dirtyLeaf(long[] t, long tpa, int g, int n, long leafIova, long size, boolean clear,
                           DirtyRecorder rec, boolean ev) {
        rec.record(leafIova, size);
        gRecorded++;
        if (clear) {
            for (int j = g; j < g + n; j++) {
                long e = t[j];
                long c = fmt.makeClean(e);
                if (c != e) {
                    pt.write(t, tpa, j, c, UpdateReason.CLEAN_DIRTY, ev);
                }
            }
            if (gCount == 0) {
                gStart = leafIova;
                gPage = size;
            } else if (size < gPage) {
                gPage = size;
            }
            gEnd = leafIova + size; // leaves are visited in ascending IOVA order
            gCount++;
        }
        if (ev) {
            pt.events.emit(new DirtyRecorded(leafIova, size, clear));
        }
    }
}
