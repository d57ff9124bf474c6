package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LinkAndModelTest {

    @Test
    void transferTimeIsBytesOverBandwidthRoundedUp() {
        LinkConfig l = LinkConfig.of(1_000_000_000L, 0, 1);
        assertThat(l.transferNs(1_000_000_000L)).isEqualTo(1_000_000_000L);
        assertThat(l.transferNs(1)).isEqualTo(1);
        assertThat(LinkConfig.of(3, 0, 1).transferNs(1)).isEqualTo(333_333_334L);
        assertThat(l.bytesIn(500)).isEqualTo(500);
    }

    @Property(tries = 200)
    void theLinkCarriesEveryByteByTheTransferTime(@ForAll @LongRange(min = 1, max = 100_000_000_000L) long bandwidth,
                                                  @ForAll @LongRange(min = 0, max = 1L << 40) long bytes) {
        LinkConfig l = LinkConfig.of(bandwidth, 0, 1);
        long t = l.transferNs(bytes);
        if (t == Long.MAX_VALUE) {
            assertThat((double) bytes / bandwidth * 1e9).isGreaterThan(9e18); // saturated: beyond ~292 years
            return;
        }
        assertThat(l.bytesIn(t)).isGreaterThanOrEqualTo(bytes - 1); // double rounding may lose one byte
        if (t > 0) {
            assertThat(l.bytesIn(t - 1)).isLessThanOrEqualTo(bytes);
        }
    }

    @Test
    void classicModelIsGeometric() {
        // M = 1000, D/B = 0.1, B = 1 byte/ns: rounds 1000, 100, 10; next 1 ns fits a 5 ns limit.
        PreCopyModel.Prediction p = PreCopyModel.classic(1000, 1e8, 1e9, 5, 10);
        assertThat(p.roundBytes()).hasSize(3);
        assertThat(p.roundBytes().get(1)).isCloseTo(100, within(1e-9));
        assertThat(p.roundBytes().get(2)).isCloseTo(10, within(1e-9));
        assertThat(p.stopCopyBytes()).isCloseTo(1, within(1e-9));
        assertThat(p.downtimeNs()).isCloseTo(1, within(1e-9));
        assertThat(p.totalBytes()).isCloseTo(1111, within(1e-9));
    }

    @Test
    void redirtyingSaturatesAtAllPages() {
        assertThat(PreCopyModel.distinctPages(1000, 1e6, 1)).isCloseTo(1000, within(1e-6));
        assertThat(PreCopyModel.distinctPages(1_000_000, 10, 1)).isCloseTo(10, within(1e-3));
        // In between, N·(1 − e^(−w·t/N)): 1000 pages, 500 writes/s for 2 s is one write per page on average.
        assertThat(PreCopyModel.distinctPages(1000, 500, 2)).isCloseTo(1000 * (1 - Math.exp(-1)), within(1e-9));
    }
}
