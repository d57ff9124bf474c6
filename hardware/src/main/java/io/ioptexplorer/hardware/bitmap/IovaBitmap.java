package io.ioptexplorer.hardware.bitmap;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;

/**
 * The user bitmap of {@code IOMMU_HWPT_GET_DIRTY_BITMAP} and {@code VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT}: one
 * bit per {@code pageSize} of the IOVA range {@code [iova, iova + length)}.
 *
 * <p>Layout follows {@code drivers/iommu/iommufd/iova_bitmap.c} after the 2024 change that switched
 * {@code iova_bitmap::bitmap} to a {@code u8} array: bit {@code i} (relative to {@code iova}) lives in byte
 * {@code i / 8} at bit {@code i % 8}. On a little-endian host this is the same memory as the u64 formula of the uAPI
 * header, but it needs no u64 alignment.
 *
 * <p>Like {@code iova_bitmap_set()} the simulator only ever <em>sets</em> bits; clearing is userspace's job (a fresh
 * bitmap is all zero). The bit granularity is {@code 1 << __ffs(pageSize)}, exactly as {@code iova_bitmap_alloc()}
 * derives {@code pgshift}: a non-power-of-two page size silently behaves like its lowest set bit. Callers that must
 * refuse such sizes (VFIO REPORT) check before building the bitmap.
 *
 * <p>One deliberate difference: the kernel's {@code iova_bitmap_set()} trusts its callers and does not clip the
 * range to the bitmap (a range starting below the base wraps, bits past the end land in the pinned user page or are
 * carried as "set ahead"). Here {@link #set} clips to {@code [iova, iova + length)}, so a driver model can pass a
 * whole dirty leaf without pre-clipping.
 */
public final class IovaBitmap {

    /** Kernel base page size used to window the user bitmap ({@code PAGE_SIZE} on x86-64). */
    public static final long KERNEL_PAGE_SIZE = 4096;

    /**
     * Pages of user bitmap pinned per window: {@code PAGE_SIZE / sizeof(struct page *)} = 512 on x86-64, i.e. 2 MiB of
     * bitmap = 16 Mi bits = 64 GiB of IOVA at 4 KiB granularity (comment in {@code iova_bitmap.c}).
     */
    public static final long PAGES_PER_WINDOW = KERNEL_PAGE_SIZE / 8;

    private final long iova;
    private final long length;
    private final long pageSize;
    private final int pgshift;
    private final long nbits;
    private final byte[] data;

    /**
     * @param iova base IOVA represented by bit 0
     * @param length length of the IOVA range in bytes (non-zero)
     * @param pageSize bytes per bit (non-zero; granularity is its lowest set bit)
     * @throws ErrnoException EINVAL for a zero length or page size, EOVERFLOW when {@code iova + length - 1}
     *         overflows, ENOMEM when the bitmap would not fit in one Java array
     */
    public IovaBitmap(long iova, long length, long pageSize) {
        if (pageSize == 0) {
            throw new ErrnoException(Errno.EINVAL, "bitmap page_size is 0");
        }
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, "bitmap length is 0");
        }
        IovaMath.checkLastIova(iova, length);
        this.iova = iova;
        this.length = length;
        this.pageSize = pageSize;
        this.pgshift = IovaMath.ffs(pageSize);
        this.nbits = ((length - 1) >>> pgshift) + 1;
        long bytes = (nbits + 7) >>> 3;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new ErrnoException(Errno.ENOMEM, "bitmap of " + nbits + " bits is too large to simulate");
        }
        this.data = new byte[(int) bytes];
    }

    /** Number of bytes a user must provide for {@code nbits} bits in this byte-wise layout. */
    public static long bytesFor(long nbits) {
        return (nbits + 7) >>> 3;
    }

    public long iova() {
        return iova;
    }

    public long length() {
        return length;
    }

    public long pageSize() {
        return pageSize;
    }

    /** {@code __ffs(pageSize)}: log2 of the real bit granularity. */
    public int pageShift() {
        return pgshift;
    }

    /** Number of meaningful bits: {@code ((length - 1) >> pgshift) + 1}. */
    public long nbits() {
        return nbits;
    }

    /** Last IOVA covered by the bitmap. */
    public long lastIova() {
        return iova + length - 1;
    }

    /**
     * {@code iova_bitmap_set()}: sets every bit whose page the range {@code [setIova, setIova + setLen)} touches,
     * clipped to the bitmap. A zero length sets nothing. Bits are only ever set.
     *
     * @return the number of bits that changed from 0 to 1
     */
    public long set(long setIova, long setLen) {
        BitSpan span = bitSpan(setIova, setLen);
        if (span == null) {
            return 0;
        }
        return setBits(span.firstBit(), span.lastBit());
    }

    /**
     * Records one dirty page-table leaf the way {@code iommu_dirty_bitmap_record()} does: the whole leaf is set, so a
     * 2 MiB leaf at 4 KiB granularity sets 512 bits. Same as {@link #set}.
     */
    public long recordLeaf(long leafIova, long leafLen) {
        return set(leafIova, leafLen);
    }

    /**
     * The bits a range maps to, clipped to this bitmap, or null when it misses the bitmap entirely. This is the
     * helper for callers that need to know which bits a dirty leaf (iova, leafLen) becomes without setting them.
     */
    public BitSpan bitSpan(long spanIova, long spanLen) {
        return bitSpan(iova, length, pageSize, spanIova, spanLen);
    }

    /** Static form of {@link #bitSpan(long, long)} for a bitmap described by (base, length, pageSize). */
    public static BitSpan bitSpan(long base, long length, long pageSize, long spanIova, long spanLen) {
        if (spanLen == 0 || length == 0 || pageSize == 0) {
            return null;
        }
        int shift = IovaMath.ffs(pageSize);
        long spanLast = IovaMath.addOverflows(spanIova, spanLen - 1) ? -1L : spanIova + spanLen - 1;
        long last = base + length - 1;
        long start = IovaMath.maxu(spanIova, base);
        long end = IovaMath.minu(spanLast, last);
        if (IovaMath.ltu(end, start)) {
            return null;
        }
        return new BitSpan((start - base) >>> shift, (end - base) >>> shift);
    }

    private long setBits(long first, long last) {
        long changed = 0;
        long i = first;
        while (i <= last && (i & 7) != 0) {
            changed += setBit(i) ? 1 : 0;
            i++;
        }
        while (i + 7 <= last) {
            int idx = (int) (i >>> 3);
            changed += 8 - Integer.bitCount(data[idx] & 0xff);
            data[idx] = (byte) 0xff;
            i += 8;
        }
        while (i <= last) {
            changed += setBit(i) ? 1 : 0;
            i++;
        }
        return changed;
    }

    private boolean setBit(long i) {
        int idx = (int) (i >>> 3);
        int mask = 1 << (int) (i & 7);
        boolean was = (data[idx] & mask) != 0;
        data[idx] = (byte) (data[idx] | mask);
        return !was;
    }

    /** Bit {@code i} (0 = the page at {@link #iova()}). */
    public boolean get(long i) {
        if (i < 0 || i >= nbits) {
            throw new IndexOutOfBoundsException("bit " + i + " of " + nbits);
        }
        return (data[(int) (i >>> 3)] & (1 << (int) (i & 7))) != 0;
    }

    /** Whether the page containing {@code addr} is marked; false outside the bitmap. */
    public boolean isDirty(long addr) {
        if (IovaMath.ltu(addr, iova) || IovaMath.ltu(lastIova(), addr)) {
            return false;
        }
        return get((addr - iova) >>> pgshift);
    }

    /** Index of the first set bit at or after {@code from}, or -1. */
    public long nextSetBit(long from) {
        for (long i = Math.max(0, from); i < nbits; ) {
            int idx = (int) (i >>> 3);
            int b = (data[idx] & 0xff) >>> (int) (i & 7);
            if (b != 0) {
                long r = i + Integer.numberOfTrailingZeros(b);
                return r < nbits ? r : -1;
            }
            i = ((long) idx + 1) << 3;
        }
        return -1;
    }

    /** Number of set bits. */
    public long cardinality() {
        long n = 0;
        for (byte b : data) {
            n += Integer.bitCount(b & 0xff);
        }
        return n;
    }

    /** A copy of the bytes in user-memory order. */
    public byte[] bytes() {
        return data.clone();
    }

    /** Lower-case hex of the bytes in order (byte 0 first), e.g. {@code "0f00"}. */
    public String toHex() {
        StringBuilder sb = new StringBuilder(data.length * 2);
        for (byte b : data) {
            sb.append(Character.forDigit((b >>> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Callback for {@link #forEachWindow}. May throw {@link ErrnoException} to stop the walk. */
    @FunctionalInterface
    public interface WindowFn {
        void accept(long windowIova, long windowLength);
    }

    /**
     * {@code iova_bitmap_for_each()}: walks the range in windows of at most {@link #PAGES_PER_WINDOW} pinned pages
     * of user bitmap and calls {@code fn} with each window's (iova, length), clipped to the total range. Drivers
     * called back here see only one window at a time; this matters for drivers that refuse a request spanning
     * internal regions (pds).
     *
     * @param userOffsetInPage byte offset of the user bitmap pointer inside its first page ({@code pgoff}); 0 for a
     *        page-aligned buffer. An unaligned pointer costs one extra pinned page per window, as in the kernel.
     */
    public void forEachWindow(long userOffsetInPage, WindowFn fn) {
        long bitsPerIndex = 8;
        long iovaPerIndex = bitsPerIndex << pgshift;
        long totalIndex = Long.divideUnsigned(length - 1, iovaPerIndex) + 1;
        long baseIndex = 0;
        long maxIova = lastIova();
        while (baseIndex < totalIndex) {
            long addr = userOffsetInPage + baseIndex;
            long pgoff = Long.remainderUnsigned(addr, KERNEL_PAGE_SIZE);
            long npages = IovaMath.divRoundUp(totalIndex - baseIndex, KERNEL_PAGE_SIZE);
            npages = Math.min(npages + (pgoff != 0 ? 1 : 0), PAGES_PER_WINDOW);
            long bytes = npages * KERNEL_PAGE_SIZE - pgoff;
            long remaining = Math.min(totalIndex - baseIndex, bytes);
            long winIova = iova + baseIndex * iovaPerIndex;
            long winLen = remaining * iovaPerIndex;
            if (Long.compareUnsigned(winIova + winLen - 1, maxIova) > 0) {
                winLen -= (winIova + winLen - 1) - maxIova;
            }
            fn.accept(winIova, winLen);
            baseIndex += Long.divideUnsigned(winLen - 1, iovaPerIndex) + 1;
        }
    }

    @Override
    public String toString() {
        return "IovaBitmap[iova=" + IovaMath.hex(iova) + ", length=" + IovaMath.hex(length) + ", pageSize="
                + pageSize + ", set=" + cardinality() + "/" + nbits + "]";
    }

    /** Inclusive range of bit indexes. */
    public record BitSpan(long firstBit, long lastBit) {
        public long count() {
            return lastBit - firstBit + 1;
        }
    }
}
