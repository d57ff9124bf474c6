package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.BitSet;

/**
 * A dirty bitmap a step returned, copied for the screen: bit i = page i of the range, the kernel-layout bytes in
 * hexadecimal, and what a bit stands for (its IOVA, the page size, the HWPT read), so that a cell can be compared
 * and selected without asking the machine. Immutable: the bits are copied in and never handed out.
 */
public final class BitmapPicture {
    /** No HWPT: the bitmap came from a device's own DMA log or a type1 container. */
    public static final int NO_HWPT = -1;

    private final BitSet bits;
    private final long nbits;
    private final String hex;
    private final long iova;
    private final long pageSize;
    private final int hwpt;

    /**
     * @param iova     the IOVA bit 0 stands for
     * @param pageSize bytes per bit as the ioctl was asked; its lowest set bit is the granularity (as the kernel's
     *                 iova_bitmap takes it)
     * @param hwpt     the HWPT read, or {@link #NO_HWPT}
     */
    public BitmapPicture(BitSet bits, long nbits, String hex, long iova, long pageSize, int hwpt) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("a bitmap's page size must be positive, not " + pageSize);
        }
        this.bits = (BitSet) bits.clone();
        this.nbits = nbits;
        this.hex = hex;
        this.iova = iova;
        this.pageSize = Long.lowestOneBit(pageSize);
        this.hwpt = hwpt;
    }

    public long nbits() {
        return nbits;
    }

    public String hex() {
        return hex;
    }

    /** The IOVA bit 0 stands for. */
    public long iova() {
        return iova;
    }

    /** Bytes each bit stands for. */
    public long pageSize() {
        return pageSize;
    }

    /** The HWPT whose page table was read, or {@link #NO_HWPT}. */
    public int hwpt() {
        return hwpt;
    }

    /** The IOVA bit {@code i} stands for. */
    public long iovaOf(long i) {
        return iova + i * pageSize;
    }

    /** The 4 KiB frames bit {@code i} covers: [first, first + count), at least one. */
    public long firstFrame(long i) {
        return iovaOf(i) >>> GuestMemory.PAGE_SHIFT;
    }

    public long framesPerBit() {
        return Math.max(1, pageSize >>> GuestMemory.PAGE_SHIFT);
    }

    public boolean isSet(long i) {
        return i >= 0 && i < nbits && bits.get((int) i);
    }

    public long cardinality() {
        return bits.cardinality();
    }

    /** Set bits in [from, to). */
    public int count(long from, long to) {
        int n = 0;
        for (int i = bits.nextSetBit((int) from); i >= 0 && i < to; i = bits.nextSetBit(i + 1)) {
            n++;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitmapPicture b && b.nbits == nbits && b.bits.equals(bits) && b.iova == iova
                && b.pageSize == pageSize && b.hwpt == hwpt;
    }

    @Override
    public int hashCode() {
        return (bits.hashCode() * 31 + Long.hashCode(nbits)) * 31 + Long.hashCode(iova);
    }
}
