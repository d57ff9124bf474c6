package io.ioptexplorer.hardware.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ioptexplorer.hardware.kvm.VcpuWorkload.Config;
import io.ioptexplorer.hardware.kvm.VcpuWorkload.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class VcpuWorkloadTest {
    private static final long P = Memslot.PAGE_SIZE;
    private static final long MIB = 1L << 20;

    private record W(int vcpu, long gpa, long len) {
    }

    private static List<W> run(Config cfg, long seed, long... steps) {
        List<W> out = new ArrayList<>();
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(seed), null, (v, g, l) -> out.add(new W(v, g, l)));
        for (long s : steps) {
            w.advance(s);
        }
        return out;
    }

    @Property(tries = 60)
    void writeCountIsRateTimesTimeOverSize(@ForAll @LongRange(min = 1, max = 5_000_000_000L) long rate,
            @ForAll @IntRange(min = 1, max = 65536) int size, @ForAll @IntRange(min = 1, max = 8) int vcpus,
            @ForAll @LongRange(min = 0, max = 2_000_000L) long t1, @ForAll @LongRange(min = 0, max = 2_000_000L) long t2,
            @ForAll Pattern pattern) {
        Config cfg = Config.of(rate, size, pattern, 0, 64L * MIB, vcpus).withBurst(300_000, 700_000);
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(7), null, null);
        long n = w.advance(t1) + w.advance(t2);
        long total = t1 + t2;
        if (pattern == Pattern.BURST) {
            // Same average over whole cycles; inside a cycle the writes are front-loaded into the on-phase.
            long cycles = total / 1_000_000L;
            double lo = Math.floor((double) cycles * 1_000_000L * rate / (size * 1e9)) - 1;
            double hi = Math.ceil((double) (cycles + 1) * 1_000_000L * rate / (size * 1e9)) + 1;
            assertThat((double) n).isBetween(lo, hi);
        } else {
            long expected = (long) Math.floor((double) total * rate / (size * 1e9));
            assertThat(n).isBetween(expected - 1, expected + 1); // double rounding of the expectation only
            assertThat(n).isEqualTo(java.math.BigInteger.valueOf(total).multiply(java.math.BigInteger.valueOf(rate))
                    .divide(java.math.BigInteger.valueOf(size * 1_000_000_000L)).longValueExact());
        }
    }

    @Test
    void exactCountsOnKnownNumbers() {
        Config cfg = Config.of(1_000_000, 64, Pattern.RANDOM, 0, MIB, 4); // 15.625 writes per ms
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(1), null, null);
        assertThat(w.advance(1_000_000)).isEqualTo(15);
        assertThat(w.advance(1_000_000)).isEqualTo(16); // 31.25 by 2 ms
        assertThat(w.advance(6_000_000)).isEqualTo(125 - 31);
        assertThat(w.writesPerformed()).isEqualTo(125);
        assertThat(w.bytesWritten()).isEqualTo(125 * 64);
    }

    @Test
    void burstWritesOnlyInOnPhases() {
        Config cfg = Config.of(1_000_000_000, 4096, Pattern.BURST, 0, 64 * MIB, 2).withBurst(250_000, 750_000);
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(3), null, null);
        long perCycle = 1_000_000L * 1_000_000_000L / (4096L * 1_000_000_000L); // 244.14 -> ~244
        long on = w.advance(250_000);
        long off = w.advance(750_000);
        assertThat(on).isBetween(perCycle - 1, perCycle + 1);
        assertThat(off).isLessThanOrEqualTo(1);
        assertThat(w.advance(250_000) + w.advance(750_000)).isBetween(perCycle - 1, perCycle + 1);
    }

    @Test
    void sameSeedSameSequenceDifferentSeedDifferent() {
        for (Pattern p : Pattern.values()) {
            Config cfg = Config.of(50_000_000, 512, p, 1L << 30, 16 * MIB, 3).withZipfSkew(1.1)
                    .withBurst(100_000, 300_000);
            List<W> a = run(cfg, 42, 1_000_000, 333_333, 5_000_000);
            List<W> b = run(cfg, 42, 1_000_000, 333_333, 5_000_000);
            assertThat(a).as("%s", p).isNotEmpty().isEqualTo(b);
            if (p != Pattern.SEQUENTIAL) {
                assertThat(run(cfg, 43, 1_000_000, 333_333, 5_000_000)).as("%s", p).isNotEqualTo(a);
            }
        }
    }

    @Test
    void addressesStayAlignedInsideTheWorkingSetAndRoundRobin() {
        long base = 3L << 30;
        for (Pattern p : Pattern.values()) {
            Config cfg = Config.of(100_000_000, 256, p, base, 1000 * 256, 4).withZipfSkew(0.8)
                    .withBurst(50_000, 50_000);
            List<W> ws = run(cfg, 9, 2_000_000);
            assertThat(ws).hasSizeGreaterThan(100);
            for (int i = 0; i < ws.size(); i++) {
                W x = ws.get(i);
                assertThat(x.gpa()).isBetween(base, base + 999 * 256);
                assertThat((x.gpa() - base) % 256).isZero();
                assertThat(x.len()).isEqualTo(256);
                assertThat(x.vcpu()).isEqualTo(i % 4);
            }
        }
    }

    @Test
    void sequentialWalksEachVcpusStripe() {
        Config cfg = Config.of(4096L * 1_000_000, 4096, Pattern.SEQUENTIAL, 0, 8 * P, 2); // one write per µs
        List<W> ws = run(cfg, 0, 10_000);
        assertThat(ws).extracting(W::gpa).containsExactly(0L, 4 * P, P, 5 * P, 2 * P, 6 * P, 3 * P, 7 * P, 4 * P, 0L);
    }

    @Test
    void zipfConcentratesWritesOnTheHotSet() {
        Config zipfCfg = Config.of(1_000_000_000, 4096, Pattern.ZIPF, 0, 4000 * P, 2).withZipfSkew(1.2);
        Config uniCfg = Config.of(1_000_000_000, 4096, Pattern.RANDOM, 0, 4000 * P, 2);
        double zipfHot = hotShare(run(zipfCfg, 5, 100_000_000L));
        double uniHot = hotShare(run(uniCfg, 5, 100_000_000L));
        assertThat(zipfHot).isGreaterThan(0.6);
        assertThat(uniHot).isLessThan(0.02);
    }

    /** Share of writes landing in the hottest 1% (first 40 pages). */
    private static double hotShare(List<W> ws) {
        long hot = ws.stream().filter(w -> w.gpa() < 40 * P).count();
        return (double) hot / ws.size();
    }

    @Test
    void zipfSamplerMatchesRankRatios() {
        RandomGenerator rng = new SplittableRandom(11);
        for (double s : new double[] {0.7, 1.0, 1.5}) {
            ZipfSampler z = new ZipfSampler(1000, s);
            long[] c = new long[4];
            int n = 400_000;
            for (int i = 0; i < n; i++) {
                long k = z.sample(rng);
                assertThat(k).isBetween(1L, 1000L);
                if (k <= 3) {
                    c[(int) k]++;
                }
            }
            assertThat((double) c[1] / c[2]).as("skew %s", s).isCloseTo(Math.pow(2, s), within(0.08 * Math.pow(2, s)));
            assertThat((double) c[1] / c[3]).as("skew %s", s).isCloseTo(Math.pow(3, s), within(0.08 * Math.pow(3, s)));
        }
    }

    @Test
    void fullRingStallsTheVcpuAndCountsTheTime() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(List.of(new Memslot(0, 0, 64 * P)), 1, 4, null);
        Config cfg = Config.of(4096L * 1_000_000, 4096, Pattern.SEQUENTIAL, 0, 64 * P, 1); // one write per µs
        List<W> seen = new ArrayList<>();
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(1), log, (v, g, l) -> seen.add(new W(v, g, l)));
        assertThat(w.advance(10_000)).isEqualTo(4);
        assertThat(w.isStalled(0)).isTrue();
        assertThat(w.stalledNanos(0)).isEqualTo(6_000);
        assertThat(w.writesLostStalled()).isEqualTo(6);
        assertThat(w.advance(5_000)).isZero(); // still stopped: nothing until harvested and reset
        assertThat(w.stalledNanos(0)).isEqualTo(11_000);

        assertThat(log.harvest(0)).extracting(KvmDirtyGfn::offset).containsExactly(0L, 1L, 2L, 3L);
        log.resetRings();
        assertThat(w.advance(10_000)).isEqualTo(4);
        assertThat(seen).extracting(W::gpa).containsExactly(0L, P, 2 * P, 3 * P, 4 * P, 5 * P, 6 * P, 7 * P);
        assertThat(w.stalledNanos(0)).isEqualTo(11_000 + 6_000);
        assertThat(w.totalStalledNanos()).isEqualTo(17_000);
        assertThat(log.stats().ringFullStops()).isEqualTo(2);
    }

    @Test
    void aWriteCutShortByAFullRingFinishesAfterReset() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(List.of(new Memslot(0, 0, 64 * P)), 1, 1, null);
        Config cfg = Config.of(8192L * 1_000_000, 8192, Pattern.SEQUENTIAL, 0, 64 * P, 1); // 2 pages per µs
        List<W> seen = new ArrayList<>();
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(1), log, (v, g, l) -> seen.add(new W(v, g, l)));
        w.advance(1_000);
        assertThat(seen).containsExactly(new W(0, 0, P));
        log.harvest(0);
        log.resetRings();
        w.advance(500); // no new write due yet; the rest of the first one completes at once
        assertThat(seen).containsExactly(new W(0, 0, P), new W(0, P, P));
        assertThat(log.harvest(0)).extracting(KvmDirtyGfn::offset).containsExactly(1L);
    }

    @Test
    void bitmapLogSeesEveryWorkloadPage() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(List.of(new Memslot(0, 0, 1024 * P)), 4, false, false, null);
        Config cfg = Config.of(400_000_000, 4096, Pattern.RANDOM, 0, 1024 * P, 4);
        List<W> seen = new ArrayList<>();
        VcpuWorkload w = new VcpuWorkload(cfg, new SplittableRandom(2), log, (v, g, l) -> seen.add(new W(v, g, l)));
        w.advance(1_000_000);
        long distinct = seen.stream().mapToLong(x -> x.gpa() / P).distinct().count();
        assertThat(log.dirtyPageCount(0)).isEqualTo(distinct);
        assertThat(w.totalStalledNanos()).isZero();
    }
}
