package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

    @Test
    void pageSizeRunsBecomeRanges() {
        assertThat(ResultFormat.readable("page-sizes", List.of(4096L, 2L << 20, 1L << 30)))
                .isEqualTo("4 KiB, 2 MiB, 1 GiB");
        assertThat(ResultFormat.readable("page-sizes", List.of(4096L, 8192L, 16384L, 32768L, 1L << 40, 2L << 40)))
                .isEqualTo("4 KiB … 32 KiB, 1 TiB, 2 TiB");
    }

    @Test
    void addressesSizesAndTimesReadAsSuch() {
        assertThat(ResultFormat.readable("iova", 0x1000000L)).isEqualTo("0x1000000");
        assertThat(ResultFormat.readable("transferred", 3L << 30)).isEqualTo("3 GiB");
        assertThat(ResultFormat.readable("downtime", 81_080_000L)).isEqualTo("81.08 ms");
        assertThat(ResultFormat.readable("rounds", 5L)).isEqualTo("5");
    }
}
