package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.Arrays;
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
     * installed here if this level holds that size, else in a lower table, allocated when the slot is empty.
     */
    private void mapLevel(PtState s, long paOffset, int prot, long sizes, long[] perSize, boolean ev) {
        for (s.first(); s.load(); s.next()) {
            long va = IoPageTable.umax(s.first, s.itemIova());
            int shift = bestShift(va, va + paOffset, s.last - va + 1, sizes);
            int level = levelForShift[shift];
            if (level == s.level && s.type == PageTableFormat.EMPTY) {
                installLeaf(s, va, va + paOffset, shift, prot, ev);
                perSize[shift]++;
                s.resumeAt(s.index + (1 << (shift - s.shift)));
                continue;
            }
            if (level >= s.level || s.type == PageTableFormat.LEAF) {
                throw new IllegalStateException("map found a leaf after checking the range was free");
            }
            if (s.type == PageTableFormat.EMPTY) {
                long child = pt.allocTable(s.level - 1, s.itemIova());
                s.write(s.index, fmt.encodeTable(child, s.level), UpdateReason.TABLE_INSTALL, ev);
                s.load();
            }
            mapLevel(s.descend(), paOffset, prot, sizes, perSize, ev);
        }
    }

    private static int bestShift(long iova, long pa, long remaining, long sizes) {
        int align = Long.numberOfTrailingZeros(iova | pa);
        int byLen = 63 - Long.numberOfLeadingZeros(remaining);
        int limit = Math.min(align, byLen);
        long candidates = limit >= 63 ? sizes : sizes & ((2L << limit) - 1);
        return 63 - Long.numberOfLeadingZeros(candidates);
    }

    private void installLeaf(PtState s, long iova, long pa, int shift, int prot, boolean ev) {
        int n = 1 << (shift - s.shift);
        long v = fmt.encodeLeaf(pa, s.level, shift, prot);
        for (int j = s.index; j < s.index + n; j++) {
            s.write(j, v, UpdateReason.MAP, ev);
        }
        pt.leafCount[shift]++;
        pt.mappedBytes += 1L << shift;
        if (ev) {
            pt.events.emit(new LeafMapped(iova, 1L << shift, pa, fmt.prot(v), s.level));
        }
    }

    /** generic_pt's {@code __unmap_range}: whole leaves, tables freed as soon as they are empty. */
    long unmapLevel(PtState s, boolean ev) {
        long total = 0;
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                total += unmapLevel(s.descend(), ev);
                long child = fmt.tablePa(s.entry);
                if (pt.isEmptyTable(child)) {
                    s.write(s.index, 0, UpdateReason.TABLE_REMOVE, ev);
                    pt.freeTable(child, s.level - 1, s.itemIova());
                }
            } else if (s.type == PageTableFormat.LEAF) {
                total += unmapLeaf(s, ev);
            }
        }
        return total;
    }

    private long unmapLeaf(PtState s, boolean ev) {
        int g = s.leafIndex();
        int n = s.leafSlots();
        long size = s.leafSize();
        long leafIova = s.leafIova();
        boolean dirty = s.leafDirty();
        for (int j = g; j < g + n; j++) {
            s.write(j, 0, UpdateReason.UNMAP, ev);
        }
        pt.leafCount[Long.numberOfTrailingZeros(size)]--;
        pt.mappedBytes -= size;
        if (ev) {
            pt.events.emit(new LeafUnmapped(leafIova, size, fmt.leafPa(s.entry, s.level), s.level, dirty));
        }
        return size;
    }
}
