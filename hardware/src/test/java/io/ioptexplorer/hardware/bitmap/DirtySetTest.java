package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirtySetTest {

    @Test
    void addContainsRemoveAndCardinality() {
        DirtySet s = new DirtySet();
        assertThat(s.add(5)).isTrue();
        assertThat(s.add(5)).isFalse();
        assertThat(s.addRange(60, 10)).isEqualTo(10);
        assertThat(s.cardinality()).isEqualTo(11);
        assertThat(s.contains(69)).isTrue();
        assertThat(s.contains(70)).isFalse();
        assertThat(s.remove(69)).isTrue();
        assertThat(s.remove(69)).isFalse();
        assertThat(s.cardinality()).isEqualTo(10);
    }

    @Test
    void iovaRangesAre4KiBFrames() {
        DirtySet s = new DirtySet();
        s.addIovaRange(0x1fff, 2); // frames 1 and 2
        assertThat(s.containsIova(0x1000)).isTrue();
        assertThat(s.containsIova(0x2000)).isTrue();
        assertThat(s.cardinality()).isEqualTo(2);
    }

    @Test
    void unionAndOrderedIteration() {
        DirtySet a = new DirtySet();
        DirtySet b = new DirtySet();
        a.addRange(0, 3);
        b.addRange(2, 3);
        long far = 32L << 28; // frame of the 32 TiB PCI hole
        b.add(far);
        assertThat(a.union(b)).isEqualTo(3);
        List<Long> got = new ArrayList<>();
        a.forEachFrame(got::add);
        assertThat(got).containsExactly(0L, 1L, 2L, 3L, 4L, far);
        List<Long> viaIter = new ArrayList<>();
        a.frames().forEachRemaining((long f) -> viaIter.add(f));
        assertThat(viaIter).isEqualTo(got);
        assertThat(a.nextFrame(5)).isEqualTo(far);
        assertThat(a.nextFrame(far + 1)).isEqualTo(-1);
        assertThat(a.chunkCount()).isEqualTo(2);
    }

    @Test
    void denseSixtyFourGiBGuestCostsTwoMiB() {
        DirtySet s = new DirtySet();
        long frames = (64L << 30) >>> 12; // 16 Mi pages
        assertThat(s.addRange(0, frames)).isEqualTo(frames);
        assertThat(s.cardinality()).isEqualTo(frames);
        assertThat(s.memoryBytes()).isEqualTo(2L << 20);
    }

    @Test
    void addBitmapExpandsLargePages() {
        IovaBitmap bm = new IovaBitmap(0x200000, 0x400000, 0x200000);
        bm.set(0x200000, 1);
        DirtySet s = new DirtySet();
        assertThat(s.addBitmap(bm)).isEqualTo(512);
        assertThat(s.containsIova(0x3ff000)).isTrue();
        assertThat(s.containsIova(0x400000)).isFalse();
    }

    /** The chunk remembered for the next add must not outlive its removal from the set (remove, clear, union). */
    @Test
    void anAddAfterItsChunkLeftTheSetLandsInANewChunk() {
        DirtySet s = new DirtySet();
        s.add(5);
        s.remove(5); // the chunk held only frame 5: it leaves the set
        assertThat(s.chunkCount()).isZero();
        s.add(6);
        assertThat(s.contains(6)).isTrue();
        assertThat(s.contains(5)).isFalse();
        assertThat(s.chunkCount()).isEqualTo(1);
        assertThat(s.cardinality()).isEqualTo(1);
        s.clear();
        s.addRange(7, 2);
        assertThat(s.chunkCount()).isEqualTo(1);
        assertThat(s.cardinality()).isEqualTo(2);
        assertThat(s.contains(6)).isFalse();
        DirtySet other = new DirtySet();
        other.add(9);
        s.union(other);
        s.add(10);
        assertThat(s.frames()).toIterable().containsExactly(7L, 8L, 9L, 10L);
    }
}
