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
            b.set(l.iova(), l.len());
            for (long a = l.iova(); a < l.iova() + l.len(); a++) {
                if (a >= base && a < base + length) {
                    ref[(int) ((a - base) >> shift)] = true;
                }
                // jump to the next page boundary for speed
                long nextPage = ((a >> shift) + 1) << shift;
                a = Math.min(nextPage, l.iova() + l.len()) - 1;
            }
        }
        long count = 0;
        for (int i = 0; i < nbits; i++) {
            assertThat(b.get(i)).as("bit %d", i).isEqualTo(ref[i]);
            count += ref[i] ? 1 : 0;
        }
        assertThat(b.cardinality()).isEqualTo(count);
        byte[] bytes = b.bytes();
        for (int i = 0; i < nbits; i++) {
            assertThat((bytes[i / 8] >> (i % 8) & 1) == 1).isEqualTo(ref[i]);
        }
    }
}
