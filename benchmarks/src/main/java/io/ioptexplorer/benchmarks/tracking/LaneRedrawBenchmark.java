package io.ioptexplorer.benchmarks.tracking;

import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneCapture;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.viewmodel.tracking.LaneRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One frame of the lanes view on the 64 GiB sample ({@code scale-64gib-guest.yaml}, 16 Mi pages): every lane of every
 * sync side by side (small multiples), each column {@value #FRAME_WIDTH} / syncs pixels wide, plus the ground-truth
 * row, rasterised by {@link LaneRaster}: the work the lanes canvas does per redraw before one {@code setPixels} per
 * bar. Target: at most 16 ms per frame at any zoom.
 *
 * <p>Baseline, in the same run: the same per-pixel counts over flat {@code long[]} bitmaps of the whole guest (what a
 * rasteriser over plain arrays, with no chunk lookup, would cost).
 *
 * <p>Run from the repository root (the sample is read from {@code sample-topologies/}):
 * {@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1 -r 1 LaneRedraw}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LaneRedrawBenchmark {
    static final int FRAME_WIDTH = 1400;

    /** Pages shown across a column: the whole guest, then zoomed in 64x, 4096x, down to 64 pages. */
    @Param({"16777216", "262144", "4096", "64"})
    public long span;

    private List<Lane> lanes;
    private int columns;
    private long guestPages;
    private long from;
    private int[] pixels;
    private long[][] flatReported;
    private long[][] flatTruth;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        MigrationLanes m = capture();
        guestPages = m.guestPages();
        lanes = new ArrayList<>();
        for (LaneRound r : m.rounds()) {
            lanes.addAll(r.lanes());
        }
        columns = m.rounds().size();
        from = Math.max(0, guestPages / 3 - span / 2); // a window inside the guest, away from address 0
        if (from + span > guestPages) {
            from = guestPages - span;
        }
        pixels = new int[FRAME_WIDTH];
        flatReported = new long[lanes.size()][];
        flatTruth = new long[lanes.size()][];
        for (int i = 0; i < lanes.size(); i++) {
            flatReported[i] = flat(lanes.get(i), true);
            flatTruth[i] = flat(lanes.get(i), false);
        }
    }

    static MigrationLanes capture() throws Exception {
        Path sample = Path.of("sample-topologies", "scale-64gib-guest.yaml");
        if (!Files.exists(sample)) {
            sample = Path.of("..", "sample-topologies", "scale-64gib-guest.yaml");
        }
        Topology t = TopologyLoader.load(sample);
        LaneCapture capture = new LaneCapture(null);
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), capture);
        run.runAll(null);
        List<MigrationLanes> all = capture.migrations(run.machine().memory().pages());
        return all.get(all.size() - 1);
    }

    private long[] flat(Lane l, boolean reported) {
        long[] words = new long[(int) ((guestPages + 63) >>> 6)];
        (reported ? l.reported() : l.truth()).forEachFrame(f -> words[(int) (f >>> 6)] |= 1L << f);
        return words;
    }

    /** One frame: every lane of every sync, and each sync's ground-truth row. */
    @Benchmark
    public int frame() {
        int w = FRAME_WIDTH / columns;
        int sum = 0;
        for (Lane l : lanes) {
            LaneRaster.row(l, from, from + span, w, pixels, 0);
            if (l.union()) {
                LaneRaster.truthRow(l, from, from + span, w, pixels, 0);
            }
            sum += pixels[w / 2];
        }
        return sum;
    }

    /** The same counts per pixel over flat bitmaps. */
    @Benchmark
    public long baselineFlatBitmaps() {
        int w = FRAME_WIDTH / columns;
        long sum = 0;
        for (int i = 0; i < lanes.size(); i++) {
            long[] r = flatReported[i];
            long[] t = flatTruth[i];
            for (int x = 0; x < w; x++) {
                long a = from + span * x / w;
                long b = Math.max(a + 1, from + span * (x + 1) / w);
                sum += count(r, t, a, b);
            }
        }
        return sum;
    }

    private static long count(long[] r, long[] t, long a, long b) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        int w0 = (int) (a >>> 6);
        int w1 = (int) ((b - 1) >>> 6);
        for (int w = w0; w <= w1; w++) {
            long mask = -1L;
            if (w == w0) {
                mask &= -1L << (a & 63);
            }
            if (w == w1 && (b & 63) != 0) {
                mask &= (1L << (b & 63)) - 1;
            }
            tp += Long.bitCount(r[w] & t[w] & mask);
            fp += Long.bitCount(r[w] & ~t[w] & mask);
            fn += Long.bitCount(t[w] & ~r[w] & mask);
        }
        return tp * 3 + fp * 5 + fn * 7;
    }

    /** For the unit test: the lanes the frame draws. */
    List<Lane> lanesForTest() {
        return lanes;
    }
}
