package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.sim.CopyContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copied page table (a checkpoint's) shares its table pages with the original copy-on-write: every kind of write
 * either makes afterwards (a DMA write's Dirty bit on the fast and the generic walk, read-and-clear, unmap, split,
 * map, collapse) reaches only the table it was made on. Every format, as the suite runs.
 */
class PageTableCopyTest {

    static Iterable<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aCopyAndTheOriginalDivergeIndependently(PageTableFormat fmt) {
        for (boolean fast : new boolean[] {true, false}) {
            Fixture fx = new Fixture(fmt, io.ioptexplorer.hardware.events.EventSink.NONE, fast);
            IoPageTable pt = fx.pt;
            pt.map(fx.base, fx.paBase, 4 * fx.big, Prot.READ | Prot.WRITE, fx.smallAndBig());
            pt.map(fx.base + 4 * fx.big + 8 * fx.g, fx.paBase + 4 * fx.big, 16 * fx.g, Prot.READ | Prot.WRITE, fx.g);
            fx.clearDirty(fx.base, 8 * fx.big);
            pt.translatePhys(fx.base + 3 * fx.g, true);

            CopyContext ctx = new CopyContext();
            IoPageTable copy = pt.copy(ctx);
            String atCopy = leaves(pt, fx);
            assertThat(leaves(copy, fx)).isEqualTo(atCopy);
            assertThat(copy.stats()).isEqualTo(pt.stats());

            // the original moves on: every kind of write
            pt.translatePhys(fx.base + fx.big + 5 * fx.g, true);
            pt.translate(fx.base + 2 * fx.big + 7 * fx.g, Access.WRITE);
            pt.readAndClearDirty(fx.base, fx.big, 0, DirtyRecorder.NONE);
            pt.split(fx.base + 3 * fx.big, fx.big, fx.g);
            pt.unmap(fx.base + 4 * fx.big + 8 * fx.g, 4 * fx.g);
            pt.map(fx.base + 6 * fx.big, fx.paBase + 6 * fx.big, fx.big, Prot.READ, fx.smallAndBig());
            String originalNow = leaves(pt, fx);
            assertThat(originalNow).as(fmt.name() + ": the original did change").isNotEqualTo(atCopy);
            assertThat(leaves(copy, fx)).as(fmt.name() + ": the copy did not").isEqualTo(atCopy);

            // and the copy moves on its own way, leaving the original as it was
            copy.translatePhys(fx.base + 2 * fx.g, true);
            copy.collapse(fx.base, fx.big);
            copy.unmap(fx.base + fx.big, fx.big);
            copy.split(fx.base + 2 * fx.big, fx.big, fx.g);
            assertThat(leaves(pt, fx)).as(fmt.name() + ": the original after the copy's writes")
                    .isEqualTo(originalNow);
            assertThat(leaves(copy, fx)).isNotEqualTo(atCopy);
            assertThat(pt.pool().copiedOnWriteBytes() + copy.pool().copiedOnWriteBytes())
                    .as("shared slabs were copied before their first write").isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aCopyOfACopyIsIndependentOfBoth(PageTableFormat fmt) {
        Fixture fx = new Fixture(fmt);
        fx.pt.map(fx.base, fx.paBase, 2 * fx.big, Prot.READ | Prot.WRITE, fx.g);
        fx.clearDirty(fx.base, 2 * fx.big); // so that a DMA write below changes a leaf
        IoPageTable frozen = fx.pt.copy(new CopyContext());
        String atFreeze = leaves(frozen, fx);
        IoPageTable first = frozen.copy(new CopyContext());
        IoPageTable second = frozen.copy(new CopyContext());
        first.translatePhys(fx.base, true);
        fx.pt.unmap(fx.base, fx.big);
        assertThat(leaves(frozen, fx)).isEqualTo(atFreeze);
        assertThat(leaves(second, fx)).isEqualTo(atFreeze);
        assertThat(leaves(first, fx)).isNotEqualTo(atFreeze);
    }

    /** Every leaf with its A and D state, the pool's live table pages, the raw entries of the root. */
    private static String leaves(IoPageTable pt, Fixture fx) {
        StringBuilder b = new StringBuilder();
        pt.forEachLeaf(fx.base, 8 * fx.big, (iova, size, pa, prot, accessed, dirty) ->
                b.append(String.format("%x %x %x %d %b %b%n", iova, size, pa, prot, accessed, dirty)));
        TablePagePool pool = pt.pool();
        b.append("tables ").append(pool.livePages()).append('\n');
        for (long e : pool.copyOf(pt.rootAddress())) {
            b.append(Long.toHexString(e)).append(' ');
        }
        return b.toString();
    }
}
