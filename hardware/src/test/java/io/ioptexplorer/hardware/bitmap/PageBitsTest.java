package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Range counts of frozen page sets against a plain count over a sorted set. */
class PageBitsTest {
    @Property(tries = 300)
    void rangeCountsEqualAPlainCount(@ForAll @Size(max = 60) List<@LongRange(max = 300_000) Long> a,
                                     @ForAll @Size(max = 60) List<@LongRange(max = 300_000) Long> b,
                                     @ForAll @LongRange(max = 310_000) long x, @ForAll @LongRange(max = 310_000) long y) {
        PageBits pa = PageBits.of(a.stream().mapToLong(Long::longValue).toArray());
        PageBits pb = PageBits.of(b.stream().mapToLong(Long::longValue).toArray());
        long from = Math.min(x, y);
        long to = Math.max(x, y);
        Set<Long> sa = new TreeSet<>(a);
        Set<Long> sb = new TreeSet<>(b);
        long in = sa.stream().filter(f -> f >= from && f < to).count();
        long andNot = sa.stream().filter(f -> f >= from && f < to && !sb.contains(f)).count();
        long and = sa.stream().filter(f -> f >= from && f < to && sb.contains(f)).count();
        assertThat(pa.cardinality()).isEqualTo(sa.size());
        assertThat(pa.countIn(from, to)).isEqualTo(in);
        assertThat(pa.countAndNotIn(pb, from, to)).isEqualTo(andNot);
        assertThat(pa.countAndIn(pb, from, to)).isEqualTo(and);
    }

    @Property(tries = 100)
    void aBitSetCopyHoldsTheSameFrames(@ForAll @Size(max = 80) List<@LongRange(max = 200_000) Long> frames) {
        BitSet bits = new BitSet();
        frames.forEach(f -> bits.set(f.intValue()));
        PageBits fromBits = PageBits.of(bits);
        PageBits fromFrames = PageBits.of(frames.stream().mapToLong(Long::longValue).toArray());
        assertThat(fromBits.cardinality()).isEqualTo(fromFrames.cardinality());
        assertThat(fromBits.countAndNot(fromFrames)).isZero();
        assertThat(fromFrames.countAndNot(fromBits)).isZero();
        for (long f : frames) {
            assertThat(fromBits.contains(f)).isTrue();
        }
    }

    @Property(tries = 50)
    void freezingDoesNotFollowLaterChanges(@ForAll @LongRange(max = 1_000_000) long frame) {
        DirtySet s = new DirtySet();
        s.add(frame);
        PageBits frozen = s.freeze();
        s.add(frame + 1);
        s.remove(frame);
        assertThat(frozen.contains(frame)).isTrue();
        assertThat(frozen.contains(frame + 1)).isFalse();
        assertThat(frozen.cardinality()).isEqualTo(1);
    }
}
