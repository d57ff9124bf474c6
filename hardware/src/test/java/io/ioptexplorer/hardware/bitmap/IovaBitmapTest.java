package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IovaBitmapTest {

    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;

    @Test
    void byteWiseLayoutBitIInByteIOver8() {
        IovaBitmap b = new IovaBitmap(0x100000, 32 * K4, K4);
        b.set(0x100000, 1);              // bit 0
        b.set(0x100000 + 9 * K4, 1);     // bit 9 -> byte 1 bit 1
        b.set(0x100000 + 31 * K4, K4);   // bit 31 -> byte 3 bit 7
        assertThat(b.toHex()).isEqualTo("01020080");
        assertThat(b.bytes()).containsExactly(0x01, 0x02, 0x00, (byte) 0x80);
        assertThat(b.cardinality()).isEqualTo(3);
        assertThat(b.get(9)).isTrue();
        assertThat(b.get(8)).isFalse();
    }

    @Test
    void largeLeafSetsEveryBitItCovers() {
        IovaBitmap b = new IovaBitmap(0, 8 * M2, K4);
        assertThat(b.recordLeaf(2 * M2, M2)).isEqualTo(512);
        assertThat(b.cardinality()).isEqualTo(512);
        assertThat(b.bitSpan(2 * M2, M2)).isEqualTo(new IovaBitmap.BitSpan(1024, 1535));
    }

    @Test
    void partialPageTouchSetsThePage() {
        IovaBitmap b = new IovaBitmap(0, 4 * K4, K4);
        b.set(K4 - 1, 2); // touches pages 0 and 1
        assertThat(b.toHex()).isEqualTo("03");
    }

    @Test
    void clippedToTheBitmapAndOnlySets() {
        IovaBitmap b = new IovaBitmap(0x10000, 4 * K4, K4);
        b.set(0, 0x11000);                 // overlaps only page 0
        b.set(0x10000 + 3 * K4, 100 * K4); // overlaps only page 3
        b.set(0x20000, K4);                // entirely past
        b.set(0, 0);                        // empty
        assertThat(b.toHex()).isEqualTo("09");
        assertThat(b.set(0x10000, K4)).isZero();   // already set: nothing changes
        assertThat(b.cardinality()).isEqualTo(2);
    }

    @Test
    void rangeEndingAtTopOfAddressSpace() {
        IovaBitmap b = new IovaBitmap(-K4 * 8, K4 * 8, K4);
        b.set(-K4, K4);
        b.set(-2 * K4, Long.MAX_VALUE); // wraps: clipped at 2^64-1
        assertThat(b.cardinality()).isEqualTo(2);
        assertThat(b.toHex()).isEqualTo("c0");
    }

    @Test
    void pageSizeGranularityIsLowestSetBitLikeFfs() {
        IovaBitmap b = new IovaBitmap(0, 64 * K4, 3 * K4); // 0x3000 -> pgshift 12
        assertThat(b.pageShift()).isEqualTo(12);
        assertThat(b.nbits()).isEqualTo(64);
    }

    @Test
    void sizesAndNbits() {
        IovaBitmap b = new IovaBitmap(0, 10 * K4 + 1, K4);
        assertThat(b.nbits()).isEqualTo(11);
        assertThat(b.bytes()).hasSize(2);
        assertThat(IovaBitmap.bytesFor(17)).isEqualTo(3);
    }

    @Test
    void constructorErrnos() {
        assertThatThrownBy(() -> new IovaBitmap(0, K4, 0)).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL);
        assertThatThrownBy(() -> new IovaBitmap(0, 0, K4)).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL);
        assertThatThrownBy(() -> new IovaBitmap(-K4, 2 * K4, K4)).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EOVERFLOW);
    }

    @Test
    void overflowHelpersDifferLikeIommufdAndVfio() {
        // iommufd: iova + length - 1 may reach U64_MAX
        assertThat(IovaMath.checkLastIova(-K4, K4)).isEqualTo(-1L);
        assertThatThrownBy(() -> IovaMath.checkLastIova(-K4, K4 + 1))
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EOVERFLOW);
        // length 0 wraps length - 1 to U64_MAX
        assertThat(IovaMath.checkLastIova(0, 0)).isEqualTo(-1L);
        assertThatThrownBy(() -> IovaMath.checkLastIova(1, 0))
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EOVERFLOW);
        // VFIO: iova + length must not wrap
        assertThatThrownBy(() -> IovaMath.checkEnd(-K4, K4))
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EOVERFLOW);
        assertThat(IovaMath.checkEnd(-2 * K4, K4)).isEqualTo(-K4);
    }

    @Test
    void nextSetBitWalk() {
        IovaBitmap b = new IovaBitmap(0, 100 * K4, K4);
        b.set(3 * K4, K4);
        b.set(40 * K4, 2 * K4);
        b.set(99 * K4, K4);
        List<Long> bits = new ArrayList<>();
        for (long i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            bits.add(i);
        }
        assertThat(bits).containsExactly(3L, 40L, 41L, 99L);
        assertThat(b.isDirty(40 * K4 + 5)).isTrue();
        assertThat(b.isDirty(100 * K4)).isFalse();
    }

    @Test
    void windowsAre64GiBAt4KiBForAlignedBuffer() {
        long g = 1L << 30;
        IovaBitmap b = new IovaBitmap(4 * g, 124 * g, K4); // 4G..128G, the example in iova_bitmap.c
        List<long[]> w = new ArrayList<>();
        b.forEachWindow(0, (i, l) -> w.add(new long[] {i, l}));
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).containsExactly(4 * g, 64 * g);
        assertThat(w.get(1)).containsExactly(68 * g, 60 * g);
    }

    @Test
    void unalignedUserBufferShrinksTheFirstWindow() {
        long g = 1L << 30;
        IovaBitmap b = new IovaBitmap(0, 128 * g, K4);
        List<long[]> w = new ArrayList<>();
        b.forEachWindow(2048, (i, l) -> w.add(new long[] {i, l}));
        // first window: 512 pages pinned, 2048 bytes lost to pgoff -> (2 MiB - 2 KiB) of bitmap
        long firstBytes = 512 * K4 - 2048;
        assertThat(w.get(0)[1]).isEqualTo(firstBytes * 8 * K4);
        long total = 0;
        for (long[] x : w) {
            total += x[1];
        }
        assertThat(total).isEqualTo(128 * g);
    }

    @Test
    void smallBitmapIsOneWindow() {
        IovaBitmap b = new IovaBitmap(0x1000, 10 * K4, K4);
        List<long[]> w = new ArrayList<>();
        b.forEachWindow(0, (i, l) -> w.add(new long[] {i, l}));
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).containsExactly(0x1000L, 10 * K4);
    }
}
