package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import java.util.BitSet;

/**
 * A dirty bitmap as a step result: the bits (bit i = page i of the range) for expectations and views, and the
 * bytes in hexadecimal (bit i in byte i/8 at bit i%8, the kernel's byte-wise layout) for the JSON report; and what
 * the bits stand for, as the ioctl was asked (struct iommu_hwpt_get_dirty_bitmap's iova and page_size, and hwpt_id).
 *
 * @param iova     the IOVA bit 0 stands for
 * @param pageSize bytes each bit stands for
 * @param hwpt     the HWPT whose page table was read, or -1 when the bitmap is not a HWPT's (a device's own DMA
 *                 log, a type1 container)
 */
public record BitmapValue(BitSet bits, long nbits, String hex, long iova, long pageSize, int hwpt) {
    /** No HWPT: a device's DMA log or a type1 container's bitmap. */
    public static final int NO_HWPT = -1;

    public static BitmapValue of(IovaBitmap b, int hwpt) {
        BitSet bits = new BitSet();
        for (long i = b.nextSetBit(0); i >= 0 && i < b.nbits(); i = b.nextSetBit(i + 1)) {
            bits.set((int) i);
        }
        return new BitmapValue(bits, b.nbits(), b.toHex(), b.iova(), b.pageSize(), hwpt);
    }

    public long cardinality() {
        return bits.cardinality();
    }
}
