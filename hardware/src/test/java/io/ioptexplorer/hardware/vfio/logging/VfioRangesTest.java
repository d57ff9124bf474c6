package io.ioptexplorer.hardware.vfio.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VfioRangesTest {

    private static IovaRange r(long start, long last) {
        return IovaRange.ofLast(start, last);
    }

    @Test
    void reqOneCollapsesToFirstStartLastLastIncludingGaps() {
        List<IovaRange> in = List.of(r(0x0, 0x7fff_ffffL), r(0x1_0000_0000L, 0x2_7fff_ffffL),
                r(0x380_0000_0000L, 0x380_0fff_ffffL));
        assertThat(VfioRanges.combine(in, 1)).containsExactly(r(0x0, 0x380_0fff_ffffL));
    }

    @Test
    void mergesSmallestGapFirst() {
        // gaps (next.start - prev.last): A-B 0x1001, B-C 0x10001, C-D 0x101
        List<IovaRange> in = List.of(r(0x0, 0xfff), r(0x2000, 0x2fff), r(0x13000, 0x13fff), r(0x14100, 0x141ff));
        assertThat(VfioRanges.combine(in, 3))
                .containsExactly(r(0x0, 0xfff), r(0x2000, 0x2fff), r(0x13000, 0x141ff));
        assertThat(VfioRanges.combine(in, 2)).containsExactly(r(0x0, 0x2fff), r(0x13000, 0x141ff));
    }

    @Test
    void tiesGoToTheLowestPair() {
        List<IovaRange> in = List.of(r(0x0, 0xfff), r(0x2000, 0x2fff), r(0x4000, 0x4fff));
        // both gaps are 0x1001: strict '<' keeps the first pair
        assertThat(VfioRanges.combine(in, 2)).containsExactly(r(0x0, 0x2fff), r(0x4000, 0x4fff));
    }

    @Test
    void touchingRangesHaveGapOne() {
        List<IovaRange> in = List.of(r(0x0, 0xfff), r(0x1000, 0x1fff), r(0x10000, 0x10fff));
        assertThat(VfioRanges.combine(in, 2)).containsExactly(r(0x0, 0x1fff), r(0x10000, 0x10fff));
    }

    @Test
    void noChangeWhenAlreadyFewEnough() {
        List<IovaRange> in = List.of(r(0x0, 0xfff), r(0x2000, 0x2fff));
        assertThat(VfioRanges.combine(in, 3)).isEqualTo(in);
    }

    @Test
    void rejectsUnsortedOrZeroReq() {
        assertThatThrownBy(() -> VfioRanges.combine(List.of(r(0x2000, 0x2fff), r(0, 0xfff)), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VfioRanges.combine(List.of(r(0, 0xfff)), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
