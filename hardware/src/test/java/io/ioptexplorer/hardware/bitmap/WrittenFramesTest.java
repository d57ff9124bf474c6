package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Guest memory's ground truth: frozen copies share chunks with the live set, so a write after a freeze must copy its
 * chunk first and never show in a copy taken before it.
 */
class WrittenFramesTest {
    private static final int CHUNK = DirtySet.CHUNK_WORDS * Long.SIZE;
    private static final long FRAMES = 1L << 28; // a 1 TiB guest

    /**
     * Frames added in batches (near chunk edges, far apart, again and again), a freeze after each batch: every frozen
     * copy holds exactly the frames added before it, whatever was added after, and {@code add} says which were new.
     */
    @Property(tries = 200)
    void everyFrozenCopyHoldsExactlyTheFramesAddedBeforeIt(
            @ForAll @Size(max = 6) List<@Size(max = 30) List<@IntRange(max = 4095) Integer>> batchChunks,
            @ForAll @IntRange(min = -2, max = 2) int offset) {
        WrittenFrames live = new WrittenFrames(FRAMES);
        TreeSet<Long> model = new TreeSet<>();
        List<PageBits> copies = new ArrayList<>();
        List<List<Long>> expected = new ArrayList<>();
        for (List<Integer> batch : batchChunks) {
            for (int i = 0; i < batch.size(); i++) {
                long edge = (long) batch.get(i) * CHUNK + (i % 2 == 0 ? offset : i);
                long frame = Math.max(0, Math.min(FRAMES - 1, edge));
                assertThat(live.add(frame)).as("add %d says whether it was new", frame).isEqualTo(model.add(frame));
            }
            copies.add(live.freeze());
            expected.add(List.copyOf(model));
        }
        for (int i = 0; i < copies.size(); i++) {
            List<Long> frames = new ArrayList<>();
            copies.get(i).forEachFrame(frames::add);
            assertThat(frames).as("copy %d", i).containsExactlyElementsOf(expected.get(i));
            assertThat(copies.get(i)).isEqualTo(PageBits.of(expected.get(i).stream().mapToLong(f -> f).toArray()));
            assertThat(copies.get(i).cardinality()).isEqualTo(expected.get(i).size());
        }
        assertThat(live.cardinality()).isEqualTo(model.size());
    }

    @Test
    void aWriteToAChunkAFrozenCopySharesCopiesThatChunkAloneAndLeavesTheCopyAsItWas() {
        WrittenFrames live = new WrittenFrames(FRAMES);
        live.add(5);
        live.add(CHUNK + 5);
        PageBits before = live.freeze();
        live.add(6); // the first chunk, shared with before
        live.add(5); // already there: no copy needed, nothing changes
        PageBits after = live.freeze();
        assertThat(before).isEqualTo(PageBits.of(5, CHUNK + 5));
        assertThat(after).isEqualTo(PageBits.of(5, 6, CHUNK + 5));
        assertThat(live.freeze()).as("a freeze with nothing added since is the same set").isEqualTo(after);
    }
}
