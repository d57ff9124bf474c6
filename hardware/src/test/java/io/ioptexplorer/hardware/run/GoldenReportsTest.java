package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled sample, run with its own seed, must produce exactly its golden JSON report, so any change in
 * behaviour shows in review as a diff of {@code src/test/resources/golden/*.json}. After a deliberate change,
 * rewrite them with {@code mvn -pl hardware test -Dtest=GoldenReportsTest -Dgolden.update=true} (which then fails, and
 * is refused when {@code CI} is set), read the diff, and run again without the switch.
 *
 * <p>{@code scale-1tib-guest.yaml} runs here only at 1/64 scale (every {@code 1TiB} of it read as {@code 16GiB}),
 * against {@code scale-1tib-guest-reduced.json}: at full size it needs a 4 GiB heap and about a minute, so its
 * full-size golden {@code scale-1tib-guest.json} is checked by the benchmark {@code TebibyteMigrationBenchmark}.
 * That sample therefore owns two goldens, and both count as having their sample.
 */
class GoldenReportsTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String TEBIBYTE = "scale-1tib-guest.yaml";

    static Stream<String> samples() throws IOException {
        return Files.readAllLines(SAMPLES.resolve("samples.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    /** The golden this suite compares the sample's run with (the reduced one for the 1 TiB sample). */
    private static String goldenName(String sample) {
        return sample.replace(".yaml", sample.equals(TEBIBYTE) ? "-reduced.json" : ".json");
    }

    /** Every golden a sample owns: the one checked here, plus the full-size 1 TiB one the benchmark checks. */
    private static Stream<String> goldensOf(String sample) {
        return sample.equals(TEBIBYTE)
                ? Stream.of(goldenName(sample), sample.replace(".yaml", ".json"))
                : Stream.of(goldenName(sample));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleReportMatchesItsGolden(String sample) throws Exception {
        Topology t = sample.equals(TEBIBYTE)
                ? TopologyLoader.load(sample, Files.readString(SAMPLES.resolve(sample)).replace("1TiB", "16GiB"))
                : TopologyLoader.load(SAMPLES.resolve(sample));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
        run.runAll(null);
        // Checked before anything is written: a run whose steps misbehave must never become a golden.
        assertThat(run.results()).as("every step of %s behaves as written", sample)
                .allSatisfy(r -> assertThat(r.failures()).isEqualTo(List.of()));
        GoldenFiles.fromEnvironment(GOLDEN).check(goldenName(sample), RunReport.json(run));
    }

    @Test
    void everyGoldenHasASampleAndEverySampleIsListed() throws IOException {
        Set<String> listed = samples().collect(Collectors.toCollection(TreeSet::new));
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> goldens;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            goldens = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(onDisk).as("every sample file in %s is listed in samples.txt", SAMPLES).isEqualTo(listed);
        assertThat(goldens).as("the golden directory holds exactly the reports of the listed samples")
                .isEqualTo(listed.stream().flatMap(GoldenReportsTest::goldensOf)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }
}
