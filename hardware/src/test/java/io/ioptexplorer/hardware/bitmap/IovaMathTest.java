package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import org.junit.jupiter.api.Test;

/**
 * The kernel macros as u64 arithmetic (include/linux/align.h IS_ALIGNED, include/linux/log2.h ilog2,
 * is_power_of_2 and roundup_pow_of_two, include/linux/math.h DIV_ROUND_UP, include/linux/overflow.h
 * check_add_overflow), including the values at and above 2^63 that a signed {@code long} gets wrong.
 */
class IovaMathTest {
    private static final long TWO_63 = Long.MIN_VALUE; // 2^63 as a u64

    @Test
    void isAlignedIsTheMaskTest() {
        assertThat(IovaMath.isAligned(0x2000, 0x1000)).isTrue();
        assertThat(IovaMath.isAligned(0x1800, 0x1000)).isFalse();
        assertThat(IovaMath.isAligned(0x1001, 0x1000)).isFalse();
        assertThat(IovaMath.isAligned(TWO_63, 0x200000)).isTrue();
        assertThat(IovaMath.isAligned(0, 0)).as("a == 0: the mask is all ones").isTrue();
        assertThat(IovaMath.isAligned(0x1000, 0)).isFalse();
    }

    @Test
    void isPowerOfTwoForEveryU64() {
        assertThat(IovaMath.isPowerOfTwo(0)).isFalse();
        assertThat(IovaMath.isPowerOfTwo(1)).isTrue();
        assertThat(IovaMath.isPowerOfTwo(2)).isTrue();
        assertThat(IovaMath.isPowerOfTwo(4096)).isTrue();
        assertThat(IovaMath.isPowerOfTwo(6)).isFalse();
        assertThat(IovaMath.isPowerOfTwo(4097)).isFalse();
        assertThat(IovaMath.isPowerOfTwo(TWO_63)).isTrue();
        assertThat(IovaMath.isPowerOfTwo(-1L)).isFalse();
    }

    @Test
    void ilog2RoundsDownAndReadsTheValueUnsigned() {
        assertThat(IovaMath.ilog2(1)).isZero();
        assertThat(IovaMath.ilog2(4096)).isEqualTo(12);
        assertThat(IovaMath.ilog2(8191)).isEqualTo(12);
        assertThat(IovaMath.ilog2(TWO_63)).isEqualTo(63);
        assertThat(IovaMath.ilog2(-1L)).isEqualTo(63);
        assertThat(IovaMath.ilog2(0)).isEqualTo(-1);
        assertThat(IovaMath.ffs(0x3000)).isEqualTo(12);
        assertThat(IovaMath.ffs(0)).isEqualTo(64);
    }

    @Test
    void roundupPowOfTwoUpToTwoToThe63() {
        assertThat(IovaMath.roundupPowOfTwo(1)).isEqualTo(1);
        assertThat(IovaMath.roundupPowOfTwo(3)).isEqualTo(4);
        assertThat(IovaMath.roundupPowOfTwo(4096)).isEqualTo(4096);
        assertThat(IovaMath.roundupPowOfTwo(4097)).isEqualTo(8192);
        assertThat(IovaMath.roundupPowOfTwo((1L << 62) + 1)).isEqualTo(TWO_63);
        assertThat(IovaMath.roundupPowOfTwo(TWO_63)).isEqualTo(TWO_63);
        assertThat(IovaMath.roundupPowOfTwo(TWO_63 + 1)).as("does not fit in 64 bits").isZero();
        assertThatThrownBy(() -> IovaMath.roundupPowOfTwo(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void divRoundUpIsUnsignedAndDoesNotOverflow() {
        assertThat(IovaMath.divRoundUp(8192, 4096)).isEqualTo(2);
        assertThat(IovaMath.divRoundUp(8193, 4096)).isEqualTo(3);
        assertThat(IovaMath.divRoundUp(0, 4096)).isZero();
        assertThat(IovaMath.divRoundUp(-1L, 2)).as("(2^64 - 1) / 2 rounded up").isEqualTo(TWO_63);
    }

    @Test
    void unsignedComparisons() {
        assertThat(IovaMath.addOverflows(-1L, 1)).isTrue();
        assertThat(IovaMath.addOverflows(-2L, 1)).isFalse();
        assertThat(IovaMath.addOverflows(TWO_63, TWO_63)).isTrue();
        assertThat(IovaMath.ltu(1, TWO_63)).isTrue();
        assertThat(IovaMath.ltu(5, 5)).isFalse();
        assertThat(IovaMath.leu(5, 5)).isTrue();
        assertThat(IovaMath.leu(6, 5)).isFalse();
        assertThat(IovaMath.leu(TWO_63, 1)).isFalse();
        assertThat(IovaMath.minu(1, TWO_63)).isEqualTo(1);
        assertThat(IovaMath.maxu(1, TWO_63)).isEqualTo(TWO_63);
        assertThat(IovaMath.minu(7, 7)).isEqualTo(7);
    }

    @Test
    void iommufdAcceptsARangeEndingAtTwoToThe64AndVfioDoesNot() {
        long lastPage = -4096L; // 0xfffffffffffff000
        assertThat(IovaMath.checkLastIova(lastPage, 4096)).isEqualTo(-1L);
        assertThatThrownBy(() -> IovaMath.checkEnd(lastPage, 4096)).isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EOVERFLOW));
        assertThat(IovaMath.checkEnd(0x1000, 0x1000)).isEqualTo(0x2000);
        assertThatThrownBy(() -> IovaMath.checkLastIova(lastPage, 8192)).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("overflows 64 bits");
        // length 0: length - 1 wraps to U64_MAX first, as the kernel computes it
        assertThat(IovaMath.checkLastIova(0, 0)).isEqualTo(-1L);
        assertThatThrownBy(() -> IovaMath.checkLastIova(0x1000, 0)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void hexIsUnsigned() {
        assertThat(IovaMath.hex(TWO_63)).isEqualTo("0x8000000000000000");
        assertThat(IovaMath.hex(0x1000)).isEqualTo("0x1000");
        assertThat(IovaMath.hex16(0x1000)).isEqualTo("0x0000000000001000");
    }
}
