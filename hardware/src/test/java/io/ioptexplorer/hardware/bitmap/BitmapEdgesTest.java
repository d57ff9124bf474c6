package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edges of the dirty bitmaps that PIT's run over {@code bitmap} (issue 16, 2026-11-30 01:20 UTC: 440 of 473
 * killed, 22 surviving, 11 without coverage; after these cases 458 of 473, the 15 left explained below) left alive:
 * each case below kills mutants of the code the dirty reads and the migration's union go through.
 *
 * <p>Equivalent, and why:
 * <ul>
 * <li>{@code IovaBitmap}'s constructor, {@code bytes > Integer.MAX_VALUE - 16}: its boundary needs a bitmap of 2 GiB
 * to be allocated; the limit is the simulator's (a Java array), not the kernel's.</li>
 * <li>{@code IovaBitmap.setBits}: the head loop's {@code i <= last} as {@code i < last} and the middle loop's
 * {@code i + 7 <= last} as {@code i + 7 < last} leave bits to the tail loop, which sets them one by one with the same
 * count; the head loop's {@code (i & 7) != 0} as {@code (i | 7) != 0} sets every bit of the range one by one.</li>
 * <li>{@code IovaBitmap.nextSetBit}'s {@code r < nbits}: no bit at or past {@code nbits} is ever set (every setter
 * clips to the bitmap), so {@code r == nbits} cannot come.</li>
 * <li>{@code IovaBitmap.toHex}'s {@code data.length * 2}: a capacity hint of the string builder.</li>
 * <li>{@code IovaBitmap.forEachWindow}: {@code npages} with {@code totalIndex + baseIndex} only grows a count that
 * {@code PAGES_PER_WINDOW} caps and that matters only when capped; {@code remaining} with {@code totalIndex +
 * baseIndex} is cut back by the clip to the last IOVA to the same length; the clip's {@code > 0} as {@code >= 0}
 * subtracts 0 when the window ends exactly at the last IOVA.</li>
 * <li>{@code PageBits.count}'s {@code from >= to} as {@code from > to} and {@code chunkBase >= to} as
 * {@code chunkBase > to}: the empty range then counts through masks that are zero; {@code firstChunkAtOrAfter}
 * returning 0 visits earlier chunks whose word range is empty.</li>
 * <li>{@code PageBits.hashCode} (three mutants): equal sets still hash equally, which is all a hash promises.</li>
 * </ul>
 */
class BitmapEdgesTest {
    private static final long GIB = 1L << 30;

    @Test
    void aSpanPastTheBitmapIsClippedToItsLastPage() {
        // bitmap over [0x1000, 0x3000): two 4 KiB pages; the span reaches far beyond
        assertThat(IovaBitmap.bitSpan(0x1000, 0x2000, 0x1000, 0x1000, 0x10000))
                .isEqualTo(new IovaBitmap.BitSpan(0, 1));
        assertThat(new IovaBitmap.BitSpan(3, 7).count()).isEqualTo(5);
    }

    @Test
    void aSpanEndingOneByteBelowTheTopOfTheSpaceStopsThere() {
        // byte-grained bits over the last 16 bytes of the 64-bit space: the span's last byte is 2^64 - 2, not 2^64 - 1
        IovaBitmap b = new IovaBitmap(-16L, 16, 1);
        assertThat(b.set(-16L, 15)).isEqualTo(15);
        assertThat(b.get(15)).isFalse();
        DirtySet bytes = new DirtySet(0);
        assertThat(bytes.addIovaRange(-16L, 15)).isEqualTo(15);
        assertThat(bytes.contains(-1L)).as("the frame of 2^64 - 1").isFalse();
    }

    @Test
    void settingTwoBitsInsideAByteSetsNothingAfterThem() {
        IovaBitmap b = new IovaBitmap(0, 16 * 4096, 4096);
        assertThat(b.set(0x1000, 0x2000)).isEqualTo(2); // bits 1 and 2
        assertThat(b.toHex()).isEqualTo("0600");
        assertThat(b.get(3)).isFalse();
    }

    @Test
    void bitsOutsideTheBitmapAreRefusedAtBothEnds() {
        IovaBitmap b = new IovaBitmap(0, 12 * 4096, 4096); // 12 bits in 2 bytes
        b.set(11 * 4096, 4096);
        assertThat(b.get(0)).isFalse();
        assertThat(b.get(11)).isTrue();
        assertThatThrownBy(() -> b.get(12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(b.length()).isEqualTo(12 * 4096);
        assertThat(b.pageSize()).isEqualTo(4096);
        assertThat(b.toString()).contains("set=1/12");
    }

    /**
     * {@code iova_bitmap_for_each()} walks a bitmap in windows of at most 512 pinned pages of user memory
     * (drivers/iommu/iommufd/iova_bitmap.c: {@code iova_bitmap_get} pins {@code min(npages, PAGE_SIZE / sizeof(struct
     * page *))}), each byte of bitmap covering 8 pages: 2 Mi bytes, 64 GiB at 4 KiB, per window when aligned.
     */
    @Test
    void windowsOfAnAlignedBitmapCoverSixtyFourGibEachAndTheLastEndsAtTheLastIova() {
        IovaBitmap b = new IovaBitmap(0, 64 * GIB + 1, 4096);
        List<long[]> windows = new ArrayList<>();
        b.forEachWindow(0, (iova, len) -> windows.add(new long[] {iova, len}));
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0)).containsExactly(0, 64 * GIB);
        assertThat(windows.get(1)).containsExactly(64 * GIB, 1);
    }

    @Test
    void anUnalignedUserBitmapLosesItsOffsetFromTheFirstWindow() {
        IovaBitmap b = new IovaBitmap(0, 64 * GIB + 4096, 4096);
        List<long[]> windows = new ArrayList<>();
        b.forEachWindow(100, (iova, len) -> windows.add(new long[] {iova, len}));
        long firstBytes = 512 * 4096 - 100; // 512 pinned pages less the pointer's offset in the first
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0)).containsExactly(0, firstBytes * 8 * 4096);
        assertThat(windows.get(1)).containsExactly(firstBytes * 8 * 4096, 64 * GIB + 4096 - firstBytes * 8 * 4096);
    }

    @Test
    void aDirtySetTakesFrameShiftsZeroToSixtyTwo() {
        assertThat(new DirtySet(0).frameShift()).isZero();
        assertThat(new DirtySet(62).frameShift()).isEqualTo(62);
        assertThatThrownBy(() -> new DirtySet(63)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirtySet(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFrameAlignedRangeAddsItsFramesOnly() {
        DirtySet s = new DirtySet();
        assertThat(s.addIovaRange(0x1000, 0x1000)).isEqualTo(1);
        assertThat(s.contains(2)).isFalse();
        List<Long> frames = new ArrayList<>();
        s.iterator().forEachRemaining(frames::add);
        assertThat(frames).containsExactly(1L);
        assertThat(s.toString()).startsWith("DirtySet[1 frames of 4096 B");
    }

    @Test
    void aBitmapWhoseLastPageIsPartAddsThatPageOnce() {
        IovaBitmap b = new IovaBitmap(0, 0x1001, 4096); // the second page holds one byte of the range
        b.set(0x1000, 1);
        DirtySet s = new DirtySet();
        assertThat(s.addBitmap(b)).isEqualTo(1);
        assertThat(s.cardinality()).isEqualTo(1);
        assertThat(s.contains(1)).isTrue();
    }

    @Test
    void frozenSetsAreEqualByTheirFrames() {
        DirtySet a = new DirtySet();
        a.addRange(5, 3);
        DirtySet b = new DirtySet();
        b.add(7);
        b.add(6);
        b.add(5);
        assertThat(a.freeze()).isEqualTo(b.freeze()).hasSameHashCodeAs(b.freeze());
        assertThat(a.freeze()).isNotEqualTo(PageBits.of(5, 6, 8));
        assertThat(a.freeze().frameShift()).isEqualTo(DirtySet.PAGE_SHIFT_4K);
        PageBits same = a.freeze();
        assertThat(same.equals(same)).isTrue();
    }
}
