package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The walk of one IOVA as hardware would do it, read without side effects (no Accessed or Dirty update), top
 * level first: each level's table, index and entry, then where it ended: at a leaf (output address and leaf size)
 * or where and why it stopped. The same levels the {@code walk-step} events report, for {@code dump --walk} and for
 * the tree's highlight.
 *
 * @param leafSize   bytes of the leaf reached, 0 when the walk did not reach one
 * @param physAddr   the IOVA's output address, meaningful when {@code leafSize > 0}
 * @param stoppedWhy null when a leaf was reached, else why the walk stopped
 */
public record WalkTrace(long iova, String format, List<WalkLevel> levels, long leafSize, long leafIova,
                        long physAddr, String stoppedWhy) {
    public WalkTrace {
        levels = List.copyOf(levels);
    }

    public boolean reachedLeaf() {
        return stoppedWhy == null;
    }

    /** Walks {@code iova} through {@code pt}; call on the simulation thread. */
    public static WalkTrace of(IoPageTable pt, long iova) {
        PageTableFormat fmt = pt.format();
        List<WalkLevel> levels = new ArrayList<>();
        if (Long.compareUnsigned(iova, fmt.maxIova()) > 0) {
            return new WalkTrace(iova, fmt.name(), levels, 0, 0, 0, String.format(
                "0x%x is beyond the %d-bit IOVA space of %s (last valid IOVA 0x%x)", iova, fmt.vaBits(), fmt.name(),
                fmt.maxIova()));
        }
        long tpa = pt.rootAddress();
        for (int l = fmt.levels() - 1; l >= 0; l--) {
            int index = (int) (iova >>> fmt.itemShift(l)) & (fmt.tableEntries() - 1);
            long e = pt.pool().read(tpa, index);
            int kind = fmt.kind(e, l);
            levels.add(new WalkLevel(l, tpa, index, e, kind, fmt.decode(e, l)));
            if (kind == PageTableFormat.LEAF) {
                long size = fmt.leafSize(e, l);
                long leafIova = iova & -size;
                return new WalkTrace(iova, fmt.name(), levels, size, leafIova, fmt.leafPa(e, l) + (iova - leafIova),
                    null);
            }
            if (kind == PageTableFormat.EMPTY) {
                return new WalkTrace(iova, fmt.name(), levels, 0, 0, 0, String.format(
                    "not present at level %d: entry %d of table 0x%x is empty (a DMA here faults)", l, index, tpa));
            }
            tpa = fmt.tablePa(e);
        }
        throw new IllegalStateException("walk of 0x" + Long.toHexString(iova) + " passed level 0 in " + fmt.name());
    }
}
