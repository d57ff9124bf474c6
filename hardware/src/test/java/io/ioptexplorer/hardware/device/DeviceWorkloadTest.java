package io.ioptexplorer.hardware.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeviceWorkloadTest {
    private static final long BASE = 1L << 30;

    private record Access(long iova, long length, boolean write) {
    }

    private static List<Access> run(DeviceWorkload.Config cfg, long seed, long nanos) {
        List<Access> out = new ArrayList<>();
        new DeviceWorkload(cfg, new SplittableRandom(seed)).advance(nanos, (i, l, w) -> out.add(new Access(i, l, w)));
        return out;
    }

    @Test
    void rateIsExactOverAnySplitOfTime() {
        var cfg = DeviceWorkload.Config.of(200L << 20, 4096, AccessPattern.RANDOM, BASE, 32L << 20);
        DeviceWorkload w = new DeviceWorkload(cfg, new SplittableRandom(1));
        long n = 0;
        for (int i = 0; i < 1000; i++) {
            n += w.advance(333_333, (a, b, c) -> { });
        }
        // 200 MiB/s for 0.333333 s in 4 KiB accesses = floor(51200 * 0.333333)
        assertThat(n).isEqualTo((200L << 20) / 4096 * 333_333_000L / 1_000_000_000L);
    }

    @Test
    void sameSeedSameAccesses() {
        var cfg = DeviceWorkload.Config.of(100L << 20, 4096, AccessPattern.ZIPF, BASE, 64L << 20);
        assertThat(run(cfg, 7, 10_000_000)).isEqualTo(run(cfg, 7, 10_000_000));
        assertThat(run(cfg, 7, 10_000_000)).isNotEqualTo(run(cfg, 8, 10_000_000));
    }

    @Test
    void everyAccessStaysInTheWorkingSet() {
        for (AccessPattern p : AccessPattern.values()) {
            var cfg = DeviceWorkload.Config.of(500L << 20, 2048, p, BASE, 8L << 20);
            for (Access a : run(cfg, 3, 5_000_000)) {
                assertThat(a.iova()).as(p.key()).isBetween(BASE, BASE + (8L << 20) - a.length());
            }
        }
    }

    @Test
    void nicRingWritesBufferThenDescriptorInOrder() {
        var cfg = DeviceWorkload.Config.of(2048L * 1_000_000, 2048, AccessPattern.RING, BASE, 1L << 20);
        List<Access> a = run(cfg, 1, 3_000); // 3 packets
        assertThat(a).hasSize(6);
        assertThat(a.get(0)).isEqualTo(new Access(BASE + 64 * 1024, 2048, true));
        assertThat(a.get(1)).isEqualTo(new Access(BASE, 16, true));
        assertThat(a.get(2)).isEqualTo(new Access(BASE + 64 * 1024 + 2048, 2048, true));
        assertThat(a.get(3)).isEqualTo(new Access(BASE + 16, 16, true));
    }

    @Test
    void zipfConcentratesOnTheHotSet() {
        var cfg = DeviceWorkload.Config.of(1L << 30, 4096, AccessPattern.ZIPF, BASE, 64L << 20);
        Map<Long, Integer> counts = new HashMap<>();
        List<Access> all = run(cfg, 11, 100_000_000);
        for (Access a : all) {
            counts.merge(a.iova(), 1, Integer::sum);
        }
        long hottest10 = counts.values().stream().sorted((x, y) -> y - x).limit(10).mapToLong(i -> i).sum();
        // With skew 1 over 16384 slots, the 10 hottest take about 29% (H_10 / H_16384 = 2.93 / 10.28).
        assertThat((double) hottest10 / all.size()).isBetween(0.24, 0.34);
    }

    @Test
    void burstsAreContiguous() {
        var cfg = new DeviceWorkload.Config(1L << 30, 64 * 1024, AccessPattern.BURST, BASE, 256L << 20, 0, 1,
                2L << 20);
        List<Access> a = run(cfg, 5, 1_000_000); // 16 accesses of 64 KiB = 1 MiB, inside one 2 MiB burst
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i).iova()).isEqualTo(a.get(i - 1).iova() + 64 * 1024);
        }
    }

    @Test
    void readRatioSplitsAccesses() {
        var cfg = new DeviceWorkload.Config(1L << 30, 4096, AccessPattern.RANDOM, BASE, 64L << 20, 0.25, 1, 0);
        List<Access> a = run(cfg, 9, 100_000_000);
        double reads = a.stream().filter(x -> !x.write()).count() / (double) a.size();
        assertThat(reads).isBetween(0.23, 0.27);
    }

    @Test
    void badConfigurationsSayWhy() {
        assertThatThrownBy(() -> DeviceWorkload.Config.of(1, 4096, AccessPattern.RING, BASE, 32 * 1024))
                .hasMessageContaining("descriptor ring");
        assertThatThrownBy(() -> new DeviceWorkload.Config(1, 4096, AccessPattern.RANDOM, BASE, 1 << 20, 1.5, 1, 0))
                .hasMessageContaining("read ratio");
    }
}
