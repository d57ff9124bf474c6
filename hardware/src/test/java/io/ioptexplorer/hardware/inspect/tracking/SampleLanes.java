package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The bundled samples run to the end with a {@link LaneCapture}, once per test class run (they are deterministic). */
final class SampleLanes {
    static final Path SAMPLES = Path.of("..", "sample-topologies");
    private static final Map<String, SampleLanes> CACHE = new HashMap<>();

    final ScenarioRun run;
    final List<MigrationLanes> migrations;

    private SampleLanes(ScenarioRun run, List<MigrationLanes> migrations) {
        this.run = run;
        this.migrations = migrations;
    }

    static Stream<String> samples() throws Exception {
        return Files.readAllLines(SAMPLES.resolve("samples.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    static synchronized SampleLanes of(String sample) throws Exception {
        SampleLanes s = CACHE.get(sample);
        if (s == null) {
            Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
            LaneCapture capture = new LaneCapture(null);
            ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), capture);
            run.runAll(null);
            s = new SampleLanes(run, capture.migrations(run.machine().memory().pages()));
            CACHE.put(sample, s);
        }
        return s;
    }
}
