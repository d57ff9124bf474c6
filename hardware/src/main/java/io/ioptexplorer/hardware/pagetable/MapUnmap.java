package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.memory.TablePagePool;
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
        boolean ev = pt.events.enabled();
        long[] perSize = new long[64];
        long cur = iova;
        long pa = physAddr;
        long remaining = length;
        while (remaining != 0) {
            int shift = bestShift(cur, pa, remaining, sizes);
            int level = levelForShift[shift];
            long tpa = descendAlloc(cur, level, ev);
            long[] t = pt.pool.memory(tpa);
            int o = TablePagePool.offset(tpa);
            while (true) {
                long size = 1L << shift;
                installLeaf(t, o, tpa, cur, pa, level, shift, prot, ev);
                perSize[shift]++;
                cur += size;
                pa += size;
                remaining -= size;
                if (remaining == 0 || pt.index(cur, level) == 0) {
                    break;
                }
                shift = bestShift(cur, pa, remaining, sizes);
                if (levelForShift[shift] != level) {
                    break;
                }
            }
        }
        Map<Long, Long> bySize = new TreeMap<>();
        for (int s = 0; s < 64; s++) {
            if (perSize[s] != 0) {
                bySize.put(1L << s, perSize[s]);
            }
        }
        return new MapResult(iova, length, bySize);
    }

    private static int bestShift(long iova, long pa, long remaining, long sizes) {
        int align = Long.numberOfTrailingZeros(iova | pa);
        int byLen = 63 - Long.numberOfLeadingZeros(remaining);
        int limit = Math.min(align, byLen);
        long candidates = limit >= 63 ? sizes : sizes & ((2L << limit) - 1);
        return 63 - Long.numberOfLeadingZeros(candidates);
    }

    private long descendAlloc(long iova, int level, boolean ev) {
        long tpa = pt.rootPa;
        for (int l = pt.top; l > level; l--) {
            long[] t = pt.pool.memory(tpa);
            int o = TablePagePool.offset(tpa);
            int i = pt.index(iova, l);
            long e = t[o + i];
            int k = fmt.kind(e, l);
            if (k == PageTableFormat.TABLE) {
                tpa = fmt.tablePa(e);
            } else if (k == PageTableFormat.EMPTY) {
                long child = pt.allocTable(l - 1, iova & -(1L << pt.itemShift[l]));
                pt.write(t, o, tpa, i, fmt.encodeTable(child, l), UpdateReason.TABLE_INSTALL, ev);
                tpa = child;
            } else {
                throw new IllegalStateException("map found a leaf after checking the range was free");
            }
        }
        return tpa;
    }

    private void installLeaf(long[] t, int o, long tpa, long iova, long pa, int level, int shift, int prot,
                             boolean ev) {
        int n = 1 << (shift - pt.itemShift[level]);
        int i = pt.index(iova, level);
        long v = fmt.encodeLeaf(pa, level, shift, prot);
        for (int j = 0; j < n; j++) {
            pt.write(t, o, tpa, i + j, v, UpdateReason.MAP, ev);
        }
        pt.leafCount[shift]++;
        pt.mappedBytes += 1L << shift;
        if (ev) {
            pt.events.emit(new LeafMapped(iova, 1L << shift, pa, fmt.prot(v), level));
        }
    }

    long unmapRange(long tpa, int level, long first, long last, boolean ev) {
        long[] t = pt.pool.memory(tpa);
        int o = TablePagePool.offset(tpa);
        int shift = pt.itemShift[level];
        long base = pt.tableBase(first, level);
        long total = 0;
        int to = pt.index(last, level);
        for (int i = pt.index(first, level); i <= to; ) {
            long e = t[o + i];
            int k = fmt.kind(e, level);
            if (k == PageTableFormat.EMPTY) {
                i++;
                continue;
            }
            long itemIova = base | ((long) i << shift);
            if (k == PageTableFormat.TABLE) {
                long child = fmt.tablePa(e);
                total += unmapRange(child, level - 1, IoPageTable.umax(first, itemIova),
                    IoPageTable.umin(last, itemIova + (1L << shift) - 1), ev);
                if (pt.isEmptyTable(child)) {
                    pt.write(t, o, tpa, i, 0, UpdateReason.TABLE_REMOVE, ev);
                    pt.freeTable(child, level - 1, itemIova);
                }
                i++;
                continue;
            }
            int cs = fmt.contigShift(e, level);
            int n = 1 << cs;
            int g = i & -n;
            long leafIova = base | ((long) g << shift);
            boolean dirty = pt.groupDirty(t, o, g, n);
            long pa = fmt.leafPa(e, level);
            for (int j = g; j < g + n; j++) {
                pt.write(t, o, tpa, j, 0, UpdateReason.UNMAP, ev);
            }
            long size = 1L << (shift + cs);
            pt.leafCount[shift + cs]--;
            pt.mappedBytes -= size;
            total += size;
            if (ev) {
                pt.events.emit(new LeafUnmapped(leafIova, size, pa, level, dirty));
            }
            i = g + n;
        }
        return total;
    }
}
