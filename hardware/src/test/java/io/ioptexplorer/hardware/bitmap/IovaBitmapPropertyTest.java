package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class IovaBitmapPropertyTest {

    record Leaf(long iova, long len) {
    }

    @Provide
    Arbitrary<List<Leaf>> leaves() {
        Arbitrary<Long> iova = Arbitraries.longs().between(0, 1L << 24);
        Arbitrary<Long> len = Arbitraries.oneOf(Arbitraries.longs().between(0, 3 * 4096),
                Arbitraries.of(4096L, 8192L, 1L << 16, 1L << 21));
        return Combinators.combine(iova, len).as(Leaf::new).list().ofMaxSize(40);
    }

    /** A naive model: a boolean per page, set when any byte of the leaf falls in the page. */
    @Property(tries = 300)
    void setEqualsNaiveReference(@ForAll("leaves") List<Leaf> leaves,
            @ForAll @IntRange(min = 12, max = 16) int shift,
            @ForAll @IntRange(min = 0, max = 64) int baseUnits,
            @ForAll @IntRange(min = 1, max = 700) int pages) {
        long ps = 1L << shift;
        long base = (long) baseUnits * ps;
        long length = (long) pages * ps - (pages % 3 == 0 ? ps / 2 : 0); // sometimes not a page multiple
        IovaBitmap b = new IovaBitmap(base, length, ps);
        long nbits = ((length - 1) >> shift) + 1;
        boolean[] ref = new boolean[(int) nbits];
        for (Leaf l : leaves) {
            long changed = b.set(l.iova(), l.len());
            long newlySet = 0;
            for (long a = l.iova(); a < l.iova() + l.len(); a++) {
                if (a >= base && a < base + length) {
                    newlySet += ref[(int) ((a - base) >> shift)] ? 0 : 1;
                    ref[(int) ((a - base) >> shift)] = true;
                }
                // jump to the next page boundary for speed
                long nextPage = ((a >> shift) + 1) << shift;
                a = Math.min(nextPage, l.iova() + l.len()) - 1;
            }
            assertThat(changed).as("bits that went from 0 to 1 for %s", l).isEqualTo(newlySet);
        }
        long count = 0;
        for (int i = 0; i < nbits; i++) {
            assertThat(b.get(i)).as("bit %d", i).isEqualTo(ref[i]);
            count += ref[i] ? 1 : 0;
        }
        assertThat(b.cardinality()).isEqualTo(count);
        byte[] bytes = b.bytes();
        StringBuilder hex = new StringBuilder();
        for (byte x : bytes) {
            hex.append(String.format("%02x", x & 0xff));
        }
        assertThat(b.toHex()).isEqualTo(hex.toString());
        for (int i = 0; i < nbits; i++) {
            assertThat((bytes[i / 8] >> (i % 8) & 1) == 1).isEqualTo(ref[i]);
            assertThat(b.isDirty(base + ((long) i << shift))).isEqualTo(ref[i]);
            assertThat(b.isDirty(base + ((long) i << shift) + ps - 1)).isEqualTo(ref[i] && i < nbits - 1
                    || ref[i] && base + ((long) i << shift) + ps - 1 <= b.lastIova());
        }
        assertThat(b.isDirty(base + length)).as("past the end").isFalse();
        if (base > 0) {
            assertThat(b.isDirty(base - 1)).as("before the start").isFalse();
        }
        long expectNext = -1;
        for (int i = (int) nbits - 1; i >= 0; i--) {
            expectNext = ref[i] ? i : expectNext;
            assertThat(b.nextSetBit(i)).as("next set bit from %d", i).isEqualTo(expectNext);
        }
        assertThat(b.nextSetBit(-5)).isEqualTo(expectNext);
        assertThat(b.nextSetBit(nbits)).isEqualTo(-1);
    }

    /**
     * iova_bitmap_for_each's windows: in order, back to back, covering exactly the bitmap's range; every window but
     * the last spans whole bytes of bitmap, and no window needs more than PAGES_PER_WINDOW pinned pages of it.
     */
    @Property(tries = 200)
    void windowsTileTheRangeWithinThePinLimit(@ForAll @IntRange(min = 12, max = 21) int shift,
            @ForAll @IntRange(min = 0, max = 1 << 20) int baseUnits, @ForAll @IntRange(min = 1, max = 1 << 26) int bits,
            @ForAll @IntRange(min = 0, max = 4095) int userOffset) {
        long ps = 1L << shift;
        long base = (long) baseUnits * ps;
        long length = (long) bits * ps - (bits % 5 == 0 ? 1 : 0);
        IovaBitmap b = new IovaBitmap(base, length, ps);
        List<long[]> windows = new java.util.ArrayList<>();
        b.forEachWindow(userOffset, (i, l) -> windows.add(new long[] {i, l}));
        long at = base;
        long bitmapOffset = userOffset;
        for (int w = 0; w < windows.size(); w++) {
            long[] win = windows.get(w);
            assertThat(win[0]).as("window %d starts where the last ended", w).isEqualTo(at);
            assertThat(win[1]).isPositive();
            long bytes = IovaMath.divRoundUp(win[1], 8 * ps);
            long pinned = IovaMath.divRoundUp(bitmapOffset % IovaBitmap.KERNEL_PAGE_SIZE + bytes,
                    IovaBitmap.KERNEL_PAGE_SIZE);
            assertThat(pinned).as("pages pinned for window %d", w).isLessThanOrEqualTo(IovaBitmap.PAGES_PER_WINDOW);
            if (w < windows.size() - 1) {
                assertThat(win[1] % (8 * ps)).as("a window short of the last ends on a byte").isZero();
                assertThat(pinned).as("a window short of the last pins all it may")
                        .isEqualTo(IovaBitmap.PAGES_PER_WINDOW);
            }
            at += win[1];
            bitmapOffset += bytes;
        }
        assertThat(at).as("the windows end at the range's end").isEqualTo(base + length);
    }
}
