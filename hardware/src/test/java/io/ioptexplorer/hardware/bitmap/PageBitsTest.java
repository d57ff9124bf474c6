package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Dense sets around a chunk boundary (frame 65536) and ranges that start and end on word and chunk edges: the
     * sparse property above rarely puts two frames in one word, so the masks at a range's first and last word went
     * untested (PIT left their boundary mutants alive).
     */
    @Property(tries = 300)
    void rangeCountsAtWordAndChunkEdgesEqualAPlainCount(
            @ForAll @Size(max = 400) List<@LongRange(min = 65_280, max = 65_791) Long> a,
            @ForAll @Size(max = 400) List<@LongRange(min = 65_280, max = 65_791) Long> b,
            @ForAll @LongRange(min = 1_020, max = 1_030) long fromWord, @ForAll @LongRange(max = 63) long fromBit,
            @ForAll @LongRange(min = 0, max = 10) long words, @ForAll @LongRange(max = 63) long toBit,
            @ForAll boolean edges) {
        long from = fromWord * 64 + (edges ? 0 : fromBit);
        long to = from + words * 64 + (edges ? 0 : toBit);
        PageBits pa = PageBits.of(a.stream().mapToLong(Long::longValue).toArray());
        PageBits pb = PageBits.of(b.stream().mapToLong(Long::longValue).toArray());
        Set<Long> sa = new TreeSet<>(a);
        Set<Long> sb = new TreeSet<>(b);
        assertThat(pa.countIn(from, to)).isEqualTo(sa.stream().filter(f -> f >= from && f < to).count());
        assertThat(pa.countAndNotIn(pb, from, to))
                .isEqualTo(sa.stream().filter(f -> f >= from && f < to && !sb.contains(f)).count());
        assertThat(pa.countAndIn(pb, from, to))
                .isEqualTo(sa.stream().filter(f -> f >= from && f < to && sb.contains(f)).count());
        assertThat(pa.countAndNot(pb)).isEqualTo(sa.stream().filter(f -> !sb.contains(f)).count());
    }

    @Property(tries = 100)
    void forEachFrameVisitsEveryFrameOnceInAscendingOrder(
            @ForAll @Size(max = 200) List<@LongRange(max = 400_000) Long> frames) {
        List<Long> seen = new java.util.ArrayList<>();
        PageBits.of(frames.stream().mapToLong(Long::longValue).toArray()).forEachFrame(seen::add);
        assertThat(seen).containsExactlyElementsOf(new TreeSet<>(frames));
    }

    @org.junit.jupiter.api.Test
    void emptyAndEmptyRangesCountNothing() {
        assertThat(PageBits.EMPTY.isEmpty()).isTrue();
        assertThat(PageBits.of(7).isEmpty()).isFalse();
        PageBits p = PageBits.of(5, 6, 7);
        assertThat(p.countIn(6, 6)).as("an empty range").isZero();
        assertThat(p.countIn(7, 6)).as("a reversed range").isZero();
        assertThat(p.countIn(-1, 10)).as("a negative start is refused, not wrapped").isZero();
        assertThat(p.countIn(6, 7)).isEqualTo(1);
        assertThat(p.countIn(0, Long.MAX_VALUE)).isEqualTo(3);
    }

    @org.junit.jupiter.api.Test
    void equalWhenTheSameFramesHoweverBuilt() {
        WrittenFrames written = new WrittenFrames(1L << 20);
        written.add(70_000);
        written.add(3);
        PageBits a = written.freeze();
        PageBits b = PageBits.of(70_000, 3);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(PageBits.of(3, 70_001)).as("same count, another frame");
        assertThat(a).isNotEqualTo(PageBits.of(3)).as("fewer frames");
        assertThat(a).isNotEqualTo(PageBits.of(3, 4, 70_000)).as("more frames");
        DirtySet big = new DirtySet(21);
        big.add(3);
        big.add(70_000);
        assertThat(a).as("the same frame numbers of another size").isNotEqualTo(big.freeze());
        assertThat(a).isNotEqualTo("3, 70000");
        assertThat(a.toString()).contains("2 frames");
    }

    @org.junit.jupiter.api.Test
    void countingAgainstASetOfAnotherFrameSizeIsRefused() {
        DirtySet big = new DirtySet(21);
        big.add(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageBits.of(1).countAndNotIn(big.freeze(), 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame shift");
        assertThat(big.freeze().countAndNotIn(PageBits.EMPTY, 0, 10)).as("EMPTY fits every size").isEqualTo(1);
    }
}
