package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint shares no mutable object with its run: its whole object graph, walked field by field beside the run's,
 * has the same values, and every mutable object in it is its own copy (one per original), except what is immutable or
 * shared copy-on-write. A field added to the machine and forgotten by its {@code copy} shows here as shared or
 * different; the property tests show what that does to the run.
 */
class CheckpointGraphTest {

    @ParameterizedTest
    @ValueSource(strings = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml", "type1-emulated-pinned.yaml",
        "riscv-no-upstream-dirty.yaml", "vtd-mlx5-device-tracking.yaml", "mixed-host-no-dirty-iommu.yaml",
        "vcpu-and-device-union-dirty-ring.yaml"})
    void aCheckpointSharesNoMutableObjectWithItsRun(String file) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", file));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), e -> { }, false);
        int steps = t.steps().size();
        for (int k = 0; k <= steps; k++) {
            RunCheckpoint c = run.checkpoint();
            assertThat(GraphWalk.compare(run, c.frozen())).as("%s after %d steps", file, k).isEmpty();
            if (run.hasNext()) {
                run.step();
            }
        }
    }
}
