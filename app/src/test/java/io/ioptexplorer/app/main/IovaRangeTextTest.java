package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.viewmodel.live.Breakpoints;
import org.junit.jupiter.api.Test;

/** The IOVA-breakpoint box reads u64 ranges, compared unsigned: one may cross 2^63 or lie above it. */
class IovaRangeTextTest {
    @Test
    void aRangeAcross2To63IsAfterItsStart() {
        Breakpoints.IovaRange r = IovaRangeText.parse("0x7ffffffffffff000-0x8000000000001000");
        assertThat(r.start()).isEqualTo(0x7ffffffffffff000L);
        assertThat(r.length()).isEqualTo(0x2000);
        assertThat(IovaRangeText.parse("0xffffffffffe00000+2MiB").start()).isEqualTo(0xffffffffffe00000L);
    }

    @Test
    void anEndBeforeTheStartSaysSoInUnsignedHex() {
        assertThatThrownBy(() -> IovaRangeText.parse("0x8000000000001000-0x7ffffffffffff000"))
                .hasMessageContaining("the end 0x7ffffffffffff000 is not after the start 0x8000000000001000");
    }
}
