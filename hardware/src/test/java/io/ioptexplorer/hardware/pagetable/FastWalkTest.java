package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IoPageTable#translatePhys}, the DMA hot path (written out level by level for the 4 KiB geometry, a loop for
 * the others), must do exactly what the event-emitting {@link IoPageTable#translate} walk does: the same physical
 * address or fault, and the same Accessed/Dirty updates, on every format, for small, replicated and huge leaves,
 * read-only leaves, holes and addresses beyond the mapping.
 */
class FastWalkTest {

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void fastWalkAgreesWithTheFullWalk(PageTableFormat fmt) {
        Fixture fast = new Fixture(fmt);
        Fixture full = new Fixture(fmt);
        long span = 8 * fast.big;
        // A base with index bits set at every level, so a wrong shift at any level walks to the wrong entry.
        long base = (0xA5A5_A5A5_A5A5_A5A5L & fmt.maxIova()) & -(16 * fast.big);
        if (Long.compareUnsigned(base + span + fast.big, fmt.maxIova()) > 0) {
            base -= 16 * fast.big;
        }
        for (Fixture f : List.of(fast, full)) {
            SplittableRandom r = new SplittableRandom(11);
            long iova = base;
            while (iova < base + span) {
                long chunk = f.big / 2 * (1 + r.nextInt(3));
                if (r.nextInt(4) != 0) { // leave a hole now and then
                    int prot = r.nextInt(3) == 0 ? Prot.READ : Prot.READ | Prot.WRITE;
                    long sizes = r.nextBoolean() ? -1L : f.g;
                    f.pt.map(iova, f.paBase + (iova - base), Math.min(chunk, base + span - iova), prot, sizes);
                }
                iova += chunk;
            }
        }
        SplittableRandom rnd = new SplittableRandom(fmt.name().hashCode());
        int faults = 0;
        for (int k = 0; k < 20_000; k++) {
            long at = base - fast.big + rnd.nextLong(span + 2 * fast.big);
            boolean write = rnd.nextBoolean();
            long got = fast.pt.translatePhys(at, write);
            Translation want = full.pt.translate(at, write ? Access.WRITE : Access.READ);
            if (want.faulted()) {
                faults++;
                assertThat(got).as("0x%x %s", at, write ? "write" : "read").isEqualTo(-1L);
            } else {
                assertThat(got).as("0x%x %s", at, write ? "write" : "read").isEqualTo(want.physAddr());
            }
        }
        assertThat(faults).as("holes, read-only leaves and the space beyond were hit").isPositive();
        for (long at = base - fast.big; at < base + span + fast.big; at += fast.g) {
            for (int level = 0; level < fmt.levels(); level++) {
                assertThat(fast.pt.entryAt(at, level)).as("0x%x level %d", at, level)
                    .isEqualTo(full.pt.entryAt(at, level));
            }
        }
    }

    /** The dirty scan's one-test shortcut must mean exactly "a leaf of one slot" on every format and level. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void singleSlotLeafShortcutMeansALeafOfOneSlot(PageTableFormat fmt) {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 20_000; k++) {
            // Random low bits (type, permission, size-encoding fields) over a random address.
            long e = (rnd.nextLong() & 0x000F_FFFF_FFFF_F000L) | (rnd.nextLong() & 0xFFF)
                | (rnd.nextLong() & (0xFFFL << 52));
            for (int level = 0; level < fmt.levels(); level++) {
                boolean want = fmt.kind(e, level) == PageTableFormat.LEAF && fmt.contigShift(e, level) == 0;
                assertThat(fmt.isSingleSlotLeaf(e, level)).as("0x%x at level %d", e, level).isEqualTo(want);
            }
        }
    }
}
