package io.ioptexplorer.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the 1 TiB benchmarks' methods once on small sizes and checks subject and baseline agree. */
class ScaleBenchmarksTest {

    @Test
    void mapAndScanAgreeWithTheirFlatBaselines() {
        TebibyteGuestBenchmark b = new TebibyteGuestBenchmark();
        TebibyteGuestBenchmark.Sizes sizes = new TebibyteGuestBenchmark.Sizes();
        sizes.leaves = 1 << 16;
        assertThat(b.engineMap1TiB(sizes)).isEqualTo(b.baselineFlatArray1TiB(sizes)).isEqualTo(1 << 16);
        assertThat(sizes.lastLiveBytes).isEqualTo((128 + 1 + 1 + 1) * 4096L);
        for (String format : new String[] {"vtdss-4level", "amdv1-4level"}) {
            TebibyteGuestBenchmark.Engine e = new TebibyteGuestBenchmark.Engine();
            TebibyteGuestBenchmark.Flat f = new TebibyteGuestBenchmark.Flat();
            e.format = format;
            e.leaves = 1 << 16;
            f.leaves = 1 << 16;
            e.map();
            f.fill();
            e.dirtyOneInEight();
            f.dirtyOneInEight();
            assertThat(b.engineReadAndClearDirty1TiB(e)).isEqualTo(b.baselineScanAndClear1TiB(f)).isNotZero();
            assertThat(e.sum.count).isEqualTo((1 << 16) / 8);
            assertThat(b.engineReadAndClearDirty1TiB(e)).isEqualTo(b.baselineScanAndClear1TiB(f)).isZero();
        }
    }

    @Test
    void theReducedSampleIsTheFullOneAtOneSixtyFourth() {
        String yaml = "vm:\n  memory: 1TiB\nsteps:\n  - collapse: {hwpt: h, iova: 0, length: 1TiB}\n";
        assertThat(TebibyteMigrationBenchmark.reduced(yaml)).doesNotContain("1TiB").contains("memory: 16GiB")
            .contains("length: 16GiB");
    }
}
