package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pool with flat tables keeps them in one flat array as far as its cap, the rest in slabs
 * ({@link TablePagePool#withFlatTables}); a table over it must behave exactly as one over slabs alone, on every
 * format: the same tables at the same addresses
 * with the same entries, the same walks (the hand-written DMA walk, which reads the flat array directly, and the
 * generic one), dirty reads, splits and collapses, and after the pool is copied (which moves the flat array's tables
 * into slabs) as well.
 */
class FlatPoolTest {

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aTableOverFlatTablesUpToACapBehavesAsOneOverSlabs(PageTableFormat fmt) {
        // capped at one slab of frames past the first 1 MiB: these mappings need more tables, so both are used
        TablePagePool pool = TablePagePool.withFlatTables((TablePagePool.FIRST_FRAME + TablePagePool.SLAB_FRAMES)
                * TablePagePool.FRAME_SIZE);
        IoPageTable flat = new IoPageTable(fmt, pool, EventSink.NONE);
        mapAlike(flat, 1, (base, span) -> {
            assertThat(pool.memory(flat.rootAddress()).length).as("the root sits in the flat array")
                    .isEqualTo(pool.flatBytes() / 8);
            assertThat(pool.memory(flat.tableAt(base + span - fmt.granule(), 0)).length)
                    .as("the last leaf table in a slab").isEqualTo(TablePagePool.SLAB_FRAMES * 512);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aTableOverFlatTablesThatGrowBehavesAsOneOverSlabs(PageTableFormat fmt) {
        TablePagePool pool = TablePagePool.withFlatTables();
        IoPageTable flat = new IoPageTable(fmt, pool, EventSink.NONE);
        long before = pool.flatBytes();
        mapAlike(flat, 4, (base, span) -> { // four maps, each reserving more
            assertThat(pool.flatBytes()).as("grown").isGreaterThan(before);
            assertThat(pool.memory(flat.tableAt(base + span - fmt.granule(), 0)).length).as("all in the flat array")
                    .isEqualTo(pool.flatBytes() / 8);
        });
    }

    /**
     * Maps the same range in {@code pieces} calls over {@code flat} and over slabs alone, checks where the flat one's
     * tables are ({@code placed}, given the range's base and length), exercises both alike, copies the flat one (its
     * tables move into slabs) and exercises them again.
     */
    private static void mapAlike(IoPageTable flat, int pieces, java.util.function.BiConsumer<Long, Long> placed) {
        PageTableFormat fmt = flat.format();
        IoPageTable slabs = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        long g = fmt.granule();
        long big = 1L << fmt.itemShift(1);
        long span = Math.min(fmt.maxIova() >>> 2, 96 * big) & -big; // 96 leaf tables and more
        long base = (span * 2) & -big;
        long piece = span / pieces & -big;
        for (IoPageTable pt : List.of(flat, slabs)) {
            for (long at = base; at < base + span; at += piece) {
                pt.map(at, (1L << 40) + (at - base), Math.min(piece, base + span - at), Prot.READ | Prot.WRITE, g);
            }
        }
        assertThat(flat.pool().flatBytes()).isPositive();
        placed.accept(base, span);
        SplittableRandom rnd = new SplittableRandom(fmt.name().hashCode());
        exercise(flat, slabs, base, span, rnd);
        IoPageTable copied = flat.copy(new CopyContext());
        assertThat(copied.pool().flatBytes()).isZero();
        exercise(copied, slabs, base, span, rnd);
    }

    private static void exercise(IoPageTable a, IoPageTable b, long base, long span, SplittableRandom rnd) {
        PageTableFormat fmt = a.format();
        long g = fmt.granule();
        long big = 1L << fmt.itemShift(1);
        for (int k = 0; k < 4000; k++) {
            long at = base - big + rnd.nextLong(span + 2 * big);
            boolean write = rnd.nextBoolean();
            assertThat(a.translatePhys(at, write)).as("0x%x", at).isEqualTo(b.translatePhys(at, write));
            if (k % 16 == 0) {
                Access acc = write ? Access.WRITE : Access.READ;
                assertThat(a.translate(at, acc)).isEqualTo(b.translate(at, acc));
            }
        }
        long piece = big * (1 + rnd.nextInt(4));
        long from = base + (rnd.nextLong(span / big - 4) * big);
        a.collapse(from, piece);
        b.collapse(from, piece);
        a.split(from, big, g);
        b.split(from, big, g);
        List<String> readA = new java.util.ArrayList<>();
        List<String> readB = new java.util.ArrayList<>();
        assertThat(a.readAndClearDirty(base, span, 0, (iova, len) -> readA.add(iova + "+" + len)))
                .isEqualTo(b.readAndClearDirty(base, span, 0, (iova, len) -> readB.add(iova + "+" + len)));
        assertThat(readA).isEqualTo(readB).isNotEmpty();
        assertThat(a.stats()).isEqualTo(b.stats());
        for (long at = base - big; at < base + span + big; at += Math.max(g, big / 8)) {
            for (int level = 0; level < fmt.levels(); level++) {
                assertThat(a.entryAt(at, level)).as("0x%x level %d", at, level).isEqualTo(b.entryAt(at, level));
                assertThat(a.tableAt(at, level)).as("0x%x level %d", at, level).isEqualTo(b.tableAt(at, level));
            }
        }
    }
}
