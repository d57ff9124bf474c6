package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutating loops of {@link IoPageTable#map} and {@link IoPageTable#unmap}, after the arguments were checked:
 * generic_pt's map_pages / unmap_pages ({@code drivers/iommu/generic_pt/iommu_pt.h}) on our table pages.
 */
final class MapUnmap {
    private final IoPageTable pt;
    private final PageTableFormat fmt;
    /** The level whose entries map a leaf of 2^n bytes, or -1. */
    private final int[] levelForShift = new int[64];

    MapUnmap(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.fmt;
        Arrays.fill(levelForShift, -1);
        for (int l = 0; l <= pt.top; l++) {
            long sizes = fmt.leafSizesAt(l);
            while (sizes != 0) {
                levelForShift[Long.numberOfTrailingZeros(sizes)] = l;
                sizes &= sizes - 1;
            }
        }
    }

    /** The level whose entries map a leaf of {@code 2^shift} bytes (a replicated one included), or -1. */
    int levelOf(int shift) {
        return levelForShift[shift];
    }

    /** Installs leaves over a range known to be free; {@code sizes} is already restricted to the format's. */
    MapResult map(long iova, long physAddr, long length, int prot, long sizes) {
        long[] perSize = new long[64];
        long last = iova + length - 1;
        mapLevel(pt.rangeState(iova, last), physAddr - iova, prot, sizes, perSize, pt.events.enabled());
        Map<Long, Long> bySize = new TreeMap<>();
        for (int s = 0; s < 64; s++) {
            if (perSize[s] != 0) {
                bySize.put(1L << s, perSize[s]);
            }
        }
        return new MapResult(iova, length, bySize);
    }

    /**
     * generic_pt's {@code __map_range}: at each entry the largest leaf that fits ({@code pt_compute_best_pgsize});
     * installed here if this level holds that size, else in a lower table, allocated when the slot is empty. The
     * leaves one pass writes side by side in this table are one {@code leaf-mapped} event ({@link Run}).
     */
    private void mapLevel(PtState s, long paOffset, int prot, long sizes, long[] perSize, boolean ev) {
        Run run = ev ? new Run() : null;
        for (s.first(); s.load(); s.next()) {
            long va = IoPageTable.umax(s.first, s.itemIova());
            int shift = bestShift(va, va + paOffset, s.last - va + 1, sizes);
            int level = levelForShift[shift];
            if (level == s.level && s.type == PageTableFormat.EMPTY) {
                long v = installLeaf(s, va + paOffset, shift, prot);
                int n = 1 << (shift - s.shift);
                if (ev && run.fits(s.index, 1L << shift)) {
                    run.grow(n);
                } else if (ev) {
                    run.flushMapped(s);
                    run.start(s.index, n, va, 1L << shift, va + paOffset, v);
                }
                perSize[shift]++;
                s.resumeAt(s.index + (1 << (shift - s.shift)));
                continue;
            }
            if (level >= s.level || s.type == PageTableFormat.LEAF) {
                throw new IllegalStateException("map found a leaf after checking the range was free");
            }
            if (ev) {
                run.flushMapped(s);
            }
            if (s.type == PageTableFormat.EMPTY) {
                long child = pt.allocTable(s.level - 1, s.itemIova());
                s.write(s.index, fmt.encodeTable(child, s.level), UpdateReason.TABLE_INSTALL, ev);
                s.load();
            }
            mapLevel(s.descend(), paOffset, prot, sizes, perSize, ev);
        }
        if (ev) {
            run.flushMapped(s);
        }
    }

    private static int bestShift(long iova, long pa, long remaining, long sizes) {
        int align = Long.numberOfTrailingZeros(iova | pa);
        int byLen = 63 - Long.numberOfLeadingZeros(remaining);
        int limit = Math.min(align, byLen);
        long candidates = limit >= 63 ? sizes : sizes & ((2L << limit) - 1);
        return 63 - Long.numberOfLeadingZeros(candidates);
    }

    /** Writes one leaf (every replica) without events of its own and returns its value. */
    private long installLeaf(PtState s, long pa, int shift, int prot) {
        int n = 1 << (shift - s.shift);
        long v = fmt.encodeLeaf(pa, s.level, shift, prot);
        for (int j = s.index; j < s.index + n; j++) {
            s.write(j, v, UpdateReason.MAP, false);
        }
        pt.leafCount[shift]++;
        pt.mappedBytes += 1L << shift;
        return v;
    }

    /** generic_pt's {@code __unmap_range}: whole leaves, tables freed as soon as they are empty. */
    long unmapLevel(PtState s, boolean ev) {
        Run run = ev ? new Run() : null;
        long total = 0;
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                if (ev) {
                    run.flushUnmapped(s);
                }
                total += unmapLevel(s.descend(), ev);
                long child = fmt.tablePa(s.entry);
                if (pt.isEmptyTable(child)) {
                    s.write(s.index, 0, UpdateReason.TABLE_REMOVE, ev);
                    pt.freeTable(child, s.level - 1, s.itemIova());
                }
            } else if (s.type == PageTableFormat.LEAF) {
                if (ev) {
                    noteUnmapped(s, run);
                }
                total += unmapLeaf(s);
            }
        }
        if (ev) {
            run.flushUnmapped(s);
        }
        return total;
    }

    /** Adds the loaded leaf, before it is cleared, to the run, or ends the run and emits the leaf as it must be. */
    private void noteUnmapped(PtState s, Run run) {
        int g = s.leafIndex();
        int n = s.leafSlots();
        long size = s.leafSize();
        long first = s.mem[s.off + g];
        for (int j = g + 1; j < g + n; j++) {
            if (s.mem[s.off + j] != first) { // hardware set A or D in the one replica it walked
                List<Long> replicas = new ArrayList<>();
                for (int r = g; r < g + n; r++) {
                    replicas.add(s.mem[s.off + r]);
                }
                run.flushUnmapped(s);
                pt.events.emit(new LeafUnmapped(s.leafIova(), size, 1, fmt.leafPa(first, s.level), s.level,
                    s.leafDirty(), s.tablePa, g, first, replicas));
                return;
            }
        }
        if (run.fits(g, size) && first == EntryWrites.slotValue(fmt, s.level, size, run.entry, g - run.index)) {
            run.grow(n);
        } else {
            run.flushUnmapped(s);
            run.start(g, n, s.leafIova(), size, fmt.leafPa(first, s.level), first);
        }
    }

    private long unmapLeaf(PtState s) {
        int g = s.leafIndex();
        int n = s.leafSlots();
        long size = s.leafSize();
        for (int j = g; j < g + n; j++) {
            s.write(j, 0, UpdateReason.UNMAP, false);
        }
        pt.leafCount[Long.numberOfTrailingZeros(size)]--;
        pt.mappedBytes -= size;
        return size;
    }

    /**
     * Leaves of one size written side by side in one table by one pass, not yet emitted: the kernel's
     * {@code map_pages}/{@code unmap_pages} take a page size and a count, and generic_pt writes such a run in one
     * table per pass of its level loop. A leaf joins when it starts where the run ends and has the run's size.
     */
    private final class Run {
        int index;
        int end;
        int count;
        long iova;
        long size;
        long pa;
        long entry;

        void start(int index, int slots, long iova, long size, long pa, long entry) {
            this.index = index;
            this.end = index + slots;
            this.iova = iova;
            this.size = size;
            this.pa = pa;
            this.entry = entry;
            this.count = 1;
        }

        /** Whether a leaf of {@code leafSize} at slot {@code at} continues the run. */
        boolean fits(int at, long leafSize) {
            return count > 0 && at == end && leafSize == size;
        }

        void grow(int slots) {
            count++;
            end += slots;
        }

        void flushMapped(PtState s) {
            if (count > 0) {
                pt.events.emit(new LeafMapped(iova, size, count, pa, fmt.prot(entry), s.level, s.tablePa, index,
                    entry));
                count = 0;
            }
        }

        void flushUnmapped(PtState s) {
            if (count > 0) {
                pt.events.emit(new LeafUnmapped(iova, size, count, pa, s.level, s.fmt.isDirty(entry), s.tablePa,
                    index, entry, List.of()));
                count = 0;
            }
        }
    }
}
