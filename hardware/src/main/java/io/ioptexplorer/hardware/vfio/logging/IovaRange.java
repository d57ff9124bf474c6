package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.IovaMath;

/**
 * One {@code struct vfio_device_feature_dma_logging_range { u64 iova; u64 length; }}. Values are unsigned 64-bit.
 * The kernel turns it into an interval-tree node {@code [iova, iova + length - 1]}.
 */
public record IovaRange(long iova, long length) {

    /** Builds a range from inclusive start and last addresses ({@code interval_tree_node.start/last}). */
    public static IovaRange ofLast(long start, long last) {
        return new IovaRange(start, last - start + 1);
    }

    /** Inclusive last address, {@code iova + length - 1} (wraps like the kernel's u64 arithmetic). */
    public long last() {
        return iova + length - 1;
    }

    /** Exclusive end, {@code iova + length}. */
    public long end() {
        return iova + length;
    }

    /** Whether {@code addr} lies inside (unsigned compare); always false for an empty range. */
    public boolean contains(long addr) {
        return length != 0 && IovaMath.leu(iova, addr) && IovaMath.leu(addr, last());
    }

    /** Whether the two inclusive intervals share an address; empty ranges overlap nothing. */
    public boolean overlaps(IovaRange o) {
        return length != 0 && o.length != 0 && IovaMath.leu(iova, o.last()) && IovaMath.leu(o.iova, last());
    }

    /** The addresses both ranges share, or null when they do not overlap. */
    public IovaRange intersect(IovaRange o) {
        if (!overlaps(o)) {
            return null;
        }
        return ofLast(IovaMath.maxu(iova, o.iova), IovaMath.minu(last(), o.last()));
    }

    @Override
    public String toString() {
        return "[" + IovaMath.hex(iova) + ".." + IovaMath.hex(last()) + "]";
    }
}
