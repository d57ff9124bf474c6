package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class DirtySetPropertyTest {

    @Property(tries = 200)
    void behavesLikeASortedSet(@ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1L << 22) Long> a,
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1L << 22) Long> b,
            @ForAll @Size(max = 10) List<@LongRange(min = 0, max = 1L << 22) Long> removed) {
        DirtySet x = new DirtySet();
        DirtySet y = new DirtySet();
        TreeSet<Long> ref = new TreeSet<>();
        for (long f : a) {
            x.addRange(f, f % 7);
            for (long i = 0; i < f % 7; i++) {
                ref.add(f + i);
            }
        }
        for (long f : b) {
            y.add(f);
            ref.add(f);
        }
        x.union(y);
        for (long f : removed) {
            x.remove(f);
            ref.remove(f);
        }
        assertThat(x.cardinality()).isEqualTo(ref.size());
        List<Long> got = new ArrayList<>();
        x.forEachFrame(got::add);
        assertThat(got).containsExactlyElementsOf(ref);
        long first = ref.isEmpty() ? -1 : ref.first();
        assertThat(x.nextFrame(0)).isEqualTo(first);
    }

    /**
     * Ranges long enough to cross words and chunks (65,536 frames each), with the counts each call returns; the
     * iterator, nextFrame and removal that empties a chunk against the same model.
     */
    @Property(tries = 100)
    void rangesAcrossChunksCountWhatIsNew(
            @ForAll @Size(max = 6) List<@LongRange(min = 65_000, max = 197_000) Long> starts,
            @ForAll @Size(max = 6) List<@LongRange(min = 0, max = 70_000) Long> lengths,
            @ForAll @Size(max = 30) List<@LongRange(min = 65_000, max = 270_000) Long> removed,
            @ForAll @LongRange(min = 64_000, max = 270_000) long probe) {
        DirtySet x = new DirtySet();
        java.util.BitSet ref = new java.util.BitSet(); // frames stay below 2^31 here: a fast model
        for (int i = 0; i < Math.min(starts.size(), lengths.size()); i++) {
            int f = starts.get(i).intValue();
            int n = lengths.get(i).intValue();
            long fresh = n - ref.get(f, f + n).cardinality();
            ref.set(f, f + n);
            assertThat(x.addRange(f, n)).as("new frames of [%d, +%d)", f, n).isEqualTo(fresh);
        }
        for (long f : removed) {
            boolean had = ref.get((int) f);
            ref.clear((int) f);
            assertThat(x.remove(f)).isEqualTo(had);
        }
        assertThat(x.cardinality()).isEqualTo(ref.cardinality());
        assertThat(x.isEmpty()).isEqualTo(ref.isEmpty());
        java.util.stream.LongStream.Builder iterated = java.util.stream.LongStream.builder();
        x.frames().forEachRemaining((java.util.function.LongConsumer) iterated::add);
        assertThat(iterated.build().toArray()).isEqualTo(ref.stream().asLongStream().toArray());
        int next = ref.nextSetBit((int) probe);
        assertThat(x.nextFrame(probe)).isEqualTo(next);
        assertThat(x.contains(probe)).isEqualTo(ref.get((int) probe));
        // a chunk emptied by removals is dropped, not kept as zeros
        assertThat(x.chunkCount()).isEqualTo(ref.stream().map(f -> f >>> 16).distinct().count());
    }

    /** Byte ranges and bitmaps of any page size become the frames they touch, for 4 KiB and 2 MiB frames. */
    @Property(tries = 200)
    void iovaRangesAndBitmapsBecomeTheFramesTheyTouch(@ForAll boolean bigFrames,
            @ForAll @LongRange(max = 1L << 32) long iova, @ForAll @LongRange(max = 1L << 23) long len,
            @ForAll @LongRange(min = 12, max = 22) long bitmapShift, @ForAll @LongRange(max = 200) long bitmapPages,
            @ForAll @Size(max = 8) List<@LongRange(max = 1L << 24) Long> writes) {
        int shift = bigFrames ? 21 : 12;
        DirtySet x = new DirtySet(shift);
        TreeSet<Long> ref = new TreeSet<>();
        long fresh = 0;
        for (long f = iova >>> shift; len > 0 && f <= (iova + len - 1) >>> shift; f++) {
            fresh += ref.add(f) ? 1 : 0;
        }
        assertThat(x.addIovaRange(iova, len)).isEqualTo(fresh);
        long ps = 1L << bitmapShift;
        long base = iova & -ps;
        long length = (bitmapPages + 1) * ps - (bitmapPages % 2 == 0 ? ps / 2 : 0); // sometimes ends mid-page
        IovaBitmap b = new IovaBitmap(base, length, ps);
        for (long w : writes) {
            b.set(base + w % length, 1);
        }
        long freshFromBitmap = 0;
        for (long i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            long first = base + (i << bitmapShift);
            long last = Math.min(first + ps - 1, b.lastIova());
            for (long f = first >>> shift; f <= last >>> shift; f++) {
                freshFromBitmap += ref.add(f) ? 1 : 0;
            }
        }
        assertThat(x.addBitmap(b)).isEqualTo(freshFromBitmap);
        List<Long> got = new ArrayList<>();
        x.forEachFrame(got::add);
        assertThat(got).containsExactlyElementsOf(ref);
        assertThat(x.frameSize()).isEqualTo(1L << shift);
    }
}
