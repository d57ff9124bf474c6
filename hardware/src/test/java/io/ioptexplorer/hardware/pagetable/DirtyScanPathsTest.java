package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read-and-clear-dirty has a quiet hot loop (no event sink) and the general walk (events on). They must agree exactly:
 * the same leaves recorded in the same order, the same gather, the same tables afterwards, on every format, with
 * replicated AMD leaves, huge leaves, ranges cut inside leaves, and NO_CLEAR.
 */
class DirtyScanPathsTest {

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void quietAndEventPathsRecordGatherAndCleanAlike(PageTableFormat fmt) {
        pathsAgree(fmt, new Fixture(fmt, EventSink.NONE), new Fixture(fmt, new EventLog()));
    }

    /**
     * The hand-written level-0 loops (and the written-out DMA walk) against the generic iterator at every level,
     * quiet and with events: generic_pt's plain {@code __read_and_clear_dirty} is the reference for the fast path.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void fastPathsAgreeWithTheGenericIterator(PageTableFormat fmt) {
        pathsAgree(fmt, new Fixture(fmt, EventSink.NONE, true), new Fixture(fmt, EventSink.NONE, false));
        pathsAgree(fmt, new Fixture(fmt, new EventLog(), true), new Fixture(fmt, new EventLog(), false));
        pathsAgree(fmt, new Fixture(fmt, EventSink.NONE, true), new Fixture(fmt, new EventLog(), false));
    }

    /** The same random workload on two tables, {@code quiet} and {@code loud}: every answer must be the same. */
    private static void pathsAgree(PageTableFormat fmt, Fixture quiet, Fixture loud) {
        long span = 4 * quiet.big;
        long sizes = fmt.supportedPageSizes() & (2 * quiet.big - 1); // every size up to the level-1 leaf
        SplittableRandom rnd = new SplittableRandom(fmt.name().hashCode());
        for (Fixture f : List.of(quiet, loud)) {
            // Map in chunks of mixed allowed sizes so tables hold small, replicated and huge leaves side by side.
            long iova = f.base;
            SplittableRandom r = new SplittableRandom(7);
            while (iova < f.base + span) {
                long chunk = Math.min(f.base + span - iova, f.big / 2 * (1 + r.nextInt(3)));
                long allowed = r.nextBoolean() ? sizes : f.g;
                f.pt.map(iova, f.paBase + (iova - f.base), chunk, Prot.READ | Prot.WRITE, allowed);
                iova += chunk;
            }
            f.clearDirty(f.base, span);
        }
        for (int round = 0; round < 300; round++) {
            for (int w = 0; w < 1 + rnd.nextInt(200); w++) {
                // Aligned to a random size from the granule up, so first slots of leaves are hit often.
                long align = round % 2 == 0 ? quiet.big / 2
                    : quiet.g << rnd.nextInt(Long.numberOfTrailingZeros(quiet.big / quiet.g) + 1);
                long at = quiet.base + (rnd.nextLong(span) & -align);
                assertThat(quiet.pt.translatePhys(at, true)).isEqualTo(loud.pt.translatePhys(at, true));
            }
            long from = quiet.base + (rnd.nextLong(span) & -quiet.g);
            long len = Math.max(quiet.g, rnd.nextLong(quiet.base + span - from) & -quiet.g);
            int flags = rnd.nextInt(4) == 0 ? DirtyFlags.NO_CLEAR : 0;
            List<String> quietRecords = new ArrayList<>();
            List<String> loudRecords = new ArrayList<>();
            DirtyGather gq = quiet.pt.readAndClearDirty(from, len, flags,
                (i, l) -> quietRecords.add(Long.toHexString(i) + "+" + Long.toHexString(l)));
            DirtyGather gl = loud.pt.readAndClearDirty(from, len, flags,
                (i, l) -> loudRecords.add(Long.toHexString(i) + "+" + Long.toHexString(l)));
            assertThat(quietRecords).as("round %d", round).isEqualTo(loudRecords);
            assertThat(gq).as("round %d", round).isEqualTo(gl);
        }
        // Replicated leaves side by side (AMD NextLevel=7), each dirty only in its first slot: after handling one,
        // the quiet loop must pick up the next at once. Four of them, so two are found by the loop itself and not
        // by the checks for groups cut by the ends of the range.
        long rep = Long.lowestOneBit(fmt.leafSizesAt(0) & ~quiet.g);
        if (rep != 0 && 4 * rep <= quiet.big) {
            long at = quiet.base + span + quiet.big;
            List<List<String>> seen = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                want.add(Long.toHexString(at + k * rep) + "+" + Long.toHexString(rep));
            }
            for (Fixture f : List.of(quiet, loud)) {
                f.pt.map(at, f.paBase + 64 * f.big, 4 * rep, Prot.READ | Prot.WRITE, rep);
                f.clearDirty(at, 4 * rep);
                for (int k = 0; k < 4; k++) {
                    f.pt.translatePhys(at + k * rep, true);
                }
                List<String> rec = new ArrayList<>();
                f.pt.readAndClearDirty(at - f.big, 3 * f.big, 0, (i, l) -> rec.add(Long.toHexString(i) + "+"
                    + Long.toHexString(l)));
                seen.add(rec);
            }
            assertThat(seen.get(0)).isEqualTo(seen.get(1)).isEqualTo(want);
        }
        for (long at = quiet.base; at < quiet.base + span; at += quiet.g) {
            assertThat(quiet.pt.entryAt(at, 0)).isEqualTo(loud.pt.entryAt(at, 0));
            assertThat(quiet.pt.entryAt(at, 1)).isEqualTo(loud.pt.entryAt(at, 1));
        }
        assertThat(quiet.pt.stats()).isEqualTo(loud.pt.stats());
    }

    /**
     * A range that ends inside a replicated leaf: that leaf is checked whole (any replica dirty) and recorded last, after
     * the leaves before it, so the gather's end covers it. (An earlier version recorded it first, before the middle,
     * and the gather then ended short of it: its IOTLB entries would not have been flushed.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aLeafCutByTheEndOfTheRangeIsRecordedLastOnBothPaths(PageTableFormat fmt) {
        for (Fixture f : List.of(new Fixture(fmt, EventSink.NONE), new Fixture(fmt, new EventLog()),
            new Fixture(fmt, EventSink.NONE, false))) {
            long rep = Long.lowestOneBit(fmt.leafSizesAt(0) & ~f.g);
            if (rep == 0 || 3 * rep > f.big) {
                return; // no replicated leaves in this format
            }
            f.pt.map(f.base, f.paBase, 3 * rep, Prot.READ | Prot.WRITE, rep);
            f.clearDirty(f.base, 3 * rep);
            for (int k = 0; k < 3; k++) {
                f.pt.translatePhys(f.base + k * rep + (rep - f.g), true); // dirty in each leaf's last replica
            }
            List<Long> starts = new ArrayList<>();
            DirtyGather g = f.pt.readAndClearDirty(f.base, 2 * rep + f.g, 0, (i, l) -> starts.add(i));
            assertThat(starts).containsExactly(f.base, f.base + rep, f.base + 2 * rep);
            assertThat(g.start()).isEqualTo(f.base);
            assertThat(g.end()).isEqualTo(f.base + 3 * rep);
        }
    }
}
