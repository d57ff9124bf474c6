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
 */
class GoldenReportsTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static Stream<String> samples() throws IOException {
        return Files.readAllLines(SAMPLES.resolve("samples.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    private static String goldenName(String sample) {
        return sample.replace(".yaml", ".json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleReportMatchesItsGolden(String sample) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
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
        assertThat(goldens).as("the golden directory holds exactly one report per listed sample")
                .isEqualTo(listed.stream().map(GoldenReportsTest::goldenName)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }
}
