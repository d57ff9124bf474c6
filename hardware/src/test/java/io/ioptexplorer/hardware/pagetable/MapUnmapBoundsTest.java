package io.ioptexplorer.hardware.pagetable;

import static io.ioptexplorer.hardware.pagetable.PageTableSuiteTestSupport.errno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edges of map's and unmap's argument checks that PIT's walker run (issue 16) found untested: the output address
 * a format can hold, and unmap's alignment to the granule.
 *
 * <p>Map's output-address bound follows generic_pt's {@code map_pages} (drivers/iommu/generic_pt/iommu_pt.h), which
 * refuses a physical address the table cannot store ({@code oalog2_div(paddr, max_oasz_lg2)}). Two differences, both
 * unchanged here and named so nobody takes them for the kernel's: the kernel answers -ERANGE (this engine's errno list
 * has no ERANGE, so EOVERFLOW), and it checks the start address only, where this engine also refuses a range whose
 * last byte leaves the width.
 *
 * <p>Equivalent mutants of these checks: {@code fmt.oaBits() < 64} as {@code <= 64} (no format has a 64-bit output
 * address: VT-d and AMD 52, RISC-V 56, SMMUv3 48), and {@code compareUnsigned(paLast, physAddr) < 0} as {@code <= 0}
 * (a length is at least one granule, so the last byte is never the first). In {@code IoPageTable}'s helpers:
 * {@code umax}/{@code umin} with {@code >=}/{@code <=} as {@code >}/{@code <} (at equality both arms are the same
 * value), and {@code tableBase}'s {@code s >= 64} as {@code > 64} (no format has a table spanning exactly 2^64 bytes:
 * the top spans are 2^66 for six-level AMD and at most 2^57 for the others).
 */
class MapUnmapBoundsTest {
    private static final int RW = Prot.READ | Prot.WRITE;

    static java.util.List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void mapTakesTheLastPageTheOutputAddressHoldsAndNothingPastIt(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        long top = 1L << fmt.oaBits();
        f.pt.map(f.base, top - f.g, f.g, RW, f.g);
        assertThat(f.pt.iovaToPhys(f.base)).isEqualTo(top - f.g);
        assertThat(errno(() -> f.pt.map(f.base + f.big, top, f.g, RW, f.g))).as("the first address past the width")
                .isEqualTo(Errno.EOVERFLOW);
        assertThat(errno(() -> f.pt.map(f.base + f.big, top - f.g, 2 * f.g, RW, f.g)))
                .as("a range whose last page is past the width").isEqualTo(Errno.EOVERFLOW);
        assertThat(errno(() -> f.pt.map(f.base + f.big, -f.g, 2 * f.g, RW, f.g)))
                .as("a range that wraps past 2^64 to a low address").isEqualTo(Errno.EOVERFLOW);
        assertThat(f.pt.stats().mappedBytes()).as("a refused map maps nothing").isEqualTo(f.g);
        assertThat(f.pt.iovaToPhys(f.base + f.big)).isZero();
    }

    /**
     * Unmap takes an IOVA and a length aligned to the granule, as {@code __iommu_unmap()} (drivers/iommu/iommu.c)
     * demands alignment to the smallest page size before it unmaps anything (older kernels answered -EINVAL, current
     * ones unmap nothing and return 0; this engine says EINVAL and changes nothing).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void unmapWantsTheGranuleAndOnlyTheGranule(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        f.pt.map(f.base, f.paBase, 4 * f.g, RW, f.g);
        long half = f.g / 2;
        assertThatThrownBy(() -> f.pt.unmap(f.base + half, 2 * f.g)).as("an IOVA half a granule in")
                .hasMessageContaining("must be multiples of the 0x" + Long.toHexString(f.g) + " granule");
        assertThat(errno(() -> f.pt.unmap(f.base, f.g + half))).as("a length of one and a half granules")
                .isEqualTo(Errno.EINVAL);
        assertThat(f.pt.stats().mappedBytes()).as("a refused unmap unmaps nothing").isEqualTo(4 * f.g);
        assertThat(f.pt.unmap(f.base + f.g, f.g)).as("the second page alone").isEqualTo(f.g);
        assertThat(f.pt.iovaToPhys(f.base + f.g)).isZero();
        assertThat(f.pt.iovaToPhys(f.base + 2 * f.g)).isEqualTo(f.paBase + 2 * f.g);
    }

    /**
     * The iommufd selftest mock keeps PA / 2 KiB in the amdv1 address field (bits 51:12), so it holds 51-bit output
     * addresses: drivers/iommu/generic_pt/fmt/amdv1.h sets {@code PT_MAX_OUTPUT_ADDRESS_LG2 = 51} under
     * {@code AMDV1_IOMMUFD_SELFTEST}. (It had said 52, and a page at 2^51 came back as 0: the top bit was lost.)
     */
    @Test
    void theSelftestMockHoldsFiftyOneBitOutputAddresses() {
        Fixture f = new Fixture(PageTableFormats.mock());
        assertThat(f.fmt.oaBits()).isEqualTo(51);
        f.pt.map(f.base, (1L << 51) - f.g, f.g, RW, f.g);
        assertThat(f.pt.iovaToPhys(f.base)).isEqualTo((1L << 51) - f.g);
        assertThat(errno(() -> f.pt.map(f.base + f.big, 1L << 51, f.g, RW, f.g))).isEqualTo(Errno.EOVERFLOW);
    }

    /** The iommufd selftest mock has 2 KiB pages: half a 4 KiB page is a whole page there. */
    @Test
    void aTwoKiBGranuleUnmapsTwoKiB() {
        Fixture f = new Fixture(PageTableFormats.mock());
        assertThat(f.g).isEqualTo(2048);
        f.pt.map(f.base, f.paBase, 4096, RW, f.g);
        assertThat(f.pt.unmap(f.base + 2048, 2048)).isEqualTo(2048);
        assertThat(f.pt.iovaToPhys(f.base)).isEqualTo(f.paBase);
    }

    /**
     * A range of one byte is a range: a reader may walk it, and map refuses it only because one byte is not a page
     * ({@code iommu_map()} wants size aligned to the smallest page, EINVAL), not as an overflow.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aOneByteRangeIsNotAnOverflow(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        f.pt.map(f.base, f.paBase, f.g, RW, f.g);
        PtState s = f.pt.walkRange(f.base + 7, 1);
        assertThat(s.rangeFirst()).isEqualTo(f.base + 7);
        assertThat(s.rangeLast()).isEqualTo(f.base + 7);
        assertThat(errno(() -> f.pt.map(f.base + f.big, f.paBase, 1, RW, f.g))).isEqualTo(Errno.EINVAL);
    }

    /** The last IOVA of the format's width is inside it: its page maps and translates (2^vaBits - 1, or 2^64 - 1). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void theLastIovaOfTheWidthTranslates(PageTableFormat fmt) {
        Fixture f = new Fixture(fmt);
        long lastPage = fmt.maxIova() - f.g + 1;
        f.pt.map(lastPage, f.paBase, f.g, RW, f.g);
        Translation t = f.pt.translate(fmt.maxIova(), Access.READ);
        assertThat(t.faulted()).isFalse();
        assertThat(t.physAddr()).isEqualTo(f.paBase + f.g - 1);
    }

    /**
     * The DMA fast path must not take an IOVA just past the width: 2^48 on a 48-bit VT-d table has the same table
     * indices as IOVA 0, but no entry of the table maps it: it faults, as the generic walk says.
     */
    @Test
    void theFirstIovaPastTheWidthDoesNotAliasIovaZero() {
        PageTableFormat fmt = PageTableFormats.vtdSecondStage(4);
        Fixture f = new Fixture(fmt);
        f.pt.map(0, f.paBase, f.g, RW, f.g);
        assertThat(f.pt.translatePhys(0, false)).isEqualTo(f.paBase);
        assertThat(f.pt.translatePhys(fmt.maxIova() + 1, false)).isEqualTo(-1L);
    }
}
