package io.ioptexplorer.benchmarks.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark body once on the real 64 GiB sample and checks it draws what it claims (no timing here). */
class LaneRedrawBenchmarkTest {
    @Test
    void theFrameRastersEveryLaneOfTheSixtyFourGibSample() throws Exception {
        LaneRedrawBenchmark b = new LaneRedrawBenchmark();
        b.span = 16L << 20;
        b.setUp();
        assertThat(b.lanesForTest()).isNotEmpty();
        assertThat(b.lanesForTest()).anySatisfy(l -> assertThat(l.reportedPages()).isGreaterThan(1_000_000));
        b.frame();
        assertThat(b.baselineFlatBitmaps()).isPositive();
    }
}
