package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled sample, run with its own seed, must produce exactly its golden JSON report, so any change in
 * behaviour shows in review as a diff of {@code src/test/resources/golden/*.json}. After a deliberate change,
 * regenerate them with {@code mvn -pl hardware test -Dtest=GoldenReportsTest -Dgolden.update=true} and read the diff.
 *
 * <p>{@code scale-1tib-guest.yaml} runs here only at 1/64 scale (every {@code 1TiB} of it read as {@code 16GiB}),
 * against {@code scale-1tib-guest-reduced.json}: at full size it needs a 4 GiB heap and about a minute, so its
 * golden {@code scale-1tib-guest.json} is checked by the benchmark {@code TebibyteMigrationBenchmark}.
 */
class GoldenReportsTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String TEBIBYTE = "scale-1tib-guest.yaml";

    static Stream<String> samples() throws Exception {
        return Files.readAllLines(SAMPLES.resolve("samples.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleReportMatchesItsGolden(String sample) throws Exception {
        boolean reduced = sample.equals(TEBIBYTE);
        Topology t = reduced
            ? TopologyLoader.load(sample, Files.readString(SAMPLES.resolve(sample)).replace("1TiB", "16GiB"))
            : TopologyLoader.load(SAMPLES.resolve(sample));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
        run.runAll(null);
        String report = RunReport.json(run);
        Path golden = GOLDEN.resolve(sample.replace(".yaml", reduced ? "-reduced.json" : ".json"));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, report, StandardCharsets.UTF_8);
        }
        assertThat(run.results()).as("every step of %s behaves as written", sample)
                .allSatisfy(r -> assertThat(r.failures()).isEqualTo(List.of()));
        assertThat(Files.exists(golden)).as("golden report %s exists (generate with -Dgolden.update=true)", golden)
                .isTrue();
        assertThat(report).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
