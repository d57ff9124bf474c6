package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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

    /**
     * The walk's per-level accessor must be exactly "kind() says TABLE, then tablePa()", on every format and level,
     * for random entries and for the entries encodeTable writes (the pattern AMD v1 tries first).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void nextTablePaMeansATableAndItsAddress(PageTableFormat fmt) {
        SplittableRandom rnd = new SplittableRandom(5);
        int tablesSeen = 0;
        for (int k = 0; k < 20_000; k++) {
            long pa = rnd.nextLong() & 0x000F_FFFF_FFFF_F000L & ((1L << fmt.oaBits()) - 1) & -(1L << fmt.granuleShift());
            long random = (rnd.nextLong() & 0x000F_FFFF_FFFF_F000L) | (rnd.nextLong() & 0xFFF)
                | (rnd.nextLong() & (0xFFFL << 52));
            for (int level = 0; level < fmt.levels(); level++) {
                for (long e : new long[] {random, fmt.encodeTable(pa, level)}) {
                    long want = fmt.kind(e, level) == PageTableFormat.TABLE ? fmt.tablePa(e) : -1L;
                    assertThat(fmt.nextTablePa(e, level)).as("0x%x at level %d", e, level).isEqualTo(want);
                    tablesSeen += want >= 0 ? 1 : 0;
                }
            }
        }
        assertThat(tablesSeen).as("entries decoded as tables").isGreaterThan(20_000);
    }

    /**
     * AMD v1's decode as the spec (2.2.3) states it, for every NextLevel value: not present is empty; at level 0, and
     * for NextLevel 0 (default size) and 7 (size in the address field), a leaf; NextLevel 1..6 a table. IR and IW
     * are the permissions.
     */
    @Test
    void amdV1KindAndPermissionsForEveryNextLevel() {
        PageTableFormat f = PageTableFormats.byName("amdv1-6level");
        for (int nl = 0; nl < 8; nl++) {
            for (int level = 0; level < f.levels(); level++) {
                long e = 0x1234_5000L | (long) nl << 9;
                assertThat(f.kind(e, level)).isEqualTo(PageTableFormat.EMPTY);
                int want = level == 0 || nl == 0 || nl == 7 ? PageTableFormat.LEAF : PageTableFormat.TABLE;
                assertThat(f.kind(e | 1, level)).as("NextLevel %d at level %d", nl, level).isEqualTo(want);
            }
        }
        assertThat(f.prot(1L | 1L << 61)).isEqualTo(Prot.READ);
        assertThat(f.prot(1L | 1L << 62)).isEqualTo(Prot.WRITE);
        assertThat(f.prot(1L | 3L << 61 | 1L << 63)).isEqualTo(Prot.READ | Prot.WRITE);
        assertThat(f.prot(1L | 1L << 60 | 1L << 59)).isZero();
    }
}
