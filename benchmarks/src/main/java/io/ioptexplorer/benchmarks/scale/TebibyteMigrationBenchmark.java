package io.ioptexplorer.benchmarks.scale;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bundled {@code scale-1tib-guest.yaml} at full size, headless, in a 4 GiB heap: build the machine (1 TiB mapped
 * with 4 KiB leaves), run every step (three migrations of the 1 TiB guest: 4 KiB, 1 GiB and 2 MiB leaves) and
 * check the JSON report against its golden ({@code hardware/src/test/resources/golden/scale-1tib-guest.json}); a
 * report that differs fails the benchmark. Target: the whole run in at most 60 s. The test suite runs the same
 * sample only at 1/64 scale (CI has 2 cores). Run from the repository root (the sample and golden are read from
 * there), e.g. {@code java -jar benchmarks/target/benchmarks.jar TebibyteMigration}.
 *
 * <p>The baseline of the same run is the machine at 1/64 scale ({@code reduced16GiB}), for the ratio: the work is
 * linear in guest size where the simulator is, so about 64x is expected.
 *
 * <p><b>Results (2026-11-29, third session)</b>: the full run under {@code /usr/bin/time -v} ({@code java -Xmx4g},
 * the same code outside JMH) took 47 s of CPU (38 s user, 9 s system) with 3.56 GB peak resident, every step as
 * written; its wall time was 6 min 41 s because the host ran at a load average of 22 (the job got 11% of a CPU).
 * The 60 s target is plausible from the CPU time and <b>not measured</b> on a quiet host.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Thread)
public class TebibyteMigrationBenchmark {
    static final Path SAMPLE = Path.of("sample-topologies", "scale-1tib-guest.yaml");
    static final Path GOLDEN = Path.of("hardware", "src", "test", "resources", "golden", "scale-1tib-guest.json");

    @Benchmark
    public int fullSize1TiB() throws Exception {
        String report = run(Files.readString(SAMPLE, StandardCharsets.UTF_8));
        if (!report.equals(Files.readString(GOLDEN, StandardCharsets.UTF_8))) {
            Path got = Path.of("target", "scale-1tib-guest.json");
            Files.createDirectories(got.getParent());
            Files.writeString(got, report, StandardCharsets.UTF_8);
            throw new IllegalStateException("the 1 TiB report differs from " + GOLDEN + "; written to " + got);
        }
        return report.length();
    }

    @Benchmark
    public int reduced16GiB() throws Exception {
        return run(reduced(Files.readString(SAMPLE, StandardCharsets.UTF_8))).length();
    }

    /** The sample at 1/64 scale: every 1 TiB (guest memory and the steps' lengths) becomes 16 GiB. */
    public static String reduced(String yaml) {
        return yaml.replace("1TiB", "16GiB");
    }

    static String run(String yaml) throws Exception {
        Topology t = TopologyLoader.load("scale-1tib-guest.yaml", yaml);
        ScenarioRun run = ScenarioRun.uncopied(t, ScenarioRun.seedFor(t, null), EventSink.NONE); // as `run` does
        run.runAll(null);
        return RunReport.json(run);
    }
}
