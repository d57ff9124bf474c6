package io.ioptexplorer.hardware.bitmap;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;

/**
 * Unsigned 64-bit helpers with the exact semantics of the kernel macros the dirty-tracking paths use
 * ({@code IS_ALIGNED}, {@code ilog2}, {@code __ffs}, {@code roundup_pow_of_two}, {@code check_add_overflow},
 * {@code DIV_ROUND_UP}). Every {@code long} here is a {@code u64}/{@code unsigned long} on a 64-bit kernel.
 */
public final class IovaMath {

    private IovaMath() {
    }

    /**
     * {@code IS_ALIGNED(x, a)} = {@code (x & (a - 1)) == 0}. Like the kernel macro this is only meaningful for a
     * power-of-two {@code a}; for {@code a == 0} the mask is all ones, so only {@code x == 0} is "aligned".
     */
    public static boolean isAligned(long x, long a) {
        return (x & (a - 1)) == 0;
    }

    /** True for a non-zero power of two ({@code is_power_of_2}). */
    public static boolean isPowerOfTwo(long v) {
        return v != 0 && (v & (v - 1)) == 0;
    }

    /** {@code ilog2(v)}: floor of log2 of the unsigned value; returns -1 for 0 (the kernel leaves that undefined). */
    public static int ilog2(long v) {
        return 63 - Long.numberOfLeadingZeros(v);
    }

    /** {@code __ffs(v)}: index of the lowest set bit; the kernel leaves 0 undefined, here it is 64. */
    public static int ffs(long v) {
        return Long.numberOfTrailingZeros(v);
    }

    /**
     * {@code roundup_pow_of_two(v)} for unsigned {@code v >= 1}. Returns 0 when the result does not fit in 64 bits
     * (undefined behaviour in the kernel).
     */
    public static long roundupPowOfTwo(long v) {
        if (v == 0) {
            throw new IllegalArgumentException("roundup_pow_of_two(0) is undefined");
        }
        if (isPowerOfTwo(v)) {
            return v;
        }
        int log = ilog2(v);
        return log >= 63 ? 0 : 1L << (log + 1);
    }

    /** {@code DIV_ROUND_UP(a, b)} in unsigned arithmetic, without the intermediate overflow of {@code a + b - 1}. */
    public static long divRoundUp(long a, long b) {
        long q = Long.divideUnsigned(a, b);
        return Long.remainderUnsigned(a, b) == 0 ? q : q + 1;
    }

    /** {@code check_add_overflow(a, b, &sum)} for u64: true when {@code a + b} wraps. */
    public static boolean addOverflows(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0;
    }

    /** Unsigned {@code a < b}. */
    public static boolean ltu(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    /** Unsigned {@code a <= b}. */
    public static boolean leu(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    /** Unsigned minimum. */
    public static long minu(long a, long b) {
        return leu(a, b) ? a : b;
    }

    /** Unsigned maximum. */
    public static long maxu(long a, long b) {
        return leu(a, b) ? b : a;
    }

    /**
     * The iommufd form of the range check ({@code drivers/iommu/iommufd/io_pagetable.c},
     * {@code iommufd_check_iova_range}): {@code iova + length - 1} must not overflow u64 (and, on a 64-bit kernel,
     * {@code ULONG_MAX} is the same bound). Returns the last IOVA. Note the kernel computes {@code length - 1} first,
     * so {@code length == 0} wraps to U64_MAX and fails unless {@code iova == 0}.
     *
     * @throws ErrnoException EOVERFLOW
     */
    public static long checkLastIova(long iova, long length) {
        long lenMinusOne = length - 1;
        if (addOverflows(iova, lenMinusOne)) {
            throw new ErrnoException(Errno.EOVERFLOW,
                    "iova 0x" + Long.toHexString(iova) + " + length 0x" + Long.toHexString(length)
                            + " - 1 overflows 64 bits");
        }
        return iova + lenMinusOne;
    }

    /**
     * The VFIO DMA-logging form of the range check ({@code drivers/vfio/vfio_main.c}: {@code check_add_overflow(
     * iova, length, &iova_end) || iova_end > ULONG_MAX}): {@code iova + length} itself must not overflow, so a range
     * ending exactly at 2^64 is refused here although iommufd accepts it. Returns the exclusive end.
     *
     * @throws ErrnoException EOVERFLOW
     */
    public static long checkEnd(long iova, long length) {
        if (addOverflows(iova, length)) {
            throw new ErrnoException(Errno.EOVERFLOW,
                    "iova 0x" + Long.toHexString(iova) + " + length 0x" + Long.toHexString(length)
                            + " overflows 64 bits");
        }
        return iova + length;
    }

    /**
     * The project's one hex formatter for IOVAs, addresses and raw entries: unsigned, {@code 0x...}, so an IOVA at
     * or above 2^63 (a negative {@code long}) prints as the u64 the kernel means.
     */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@link #hex} zero-padded to 16 digits, as ptdump lines addresses up. */
    public static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0".repeat(16 - h.length()) + h;
    }
}
