package io.ioptexplorer.hardware.inspect.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationCaptureTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");

    private static ScenarioRun run(String sample, MigrationCapture capture) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), capture);
        run.runAll(null);
        return run;
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsTheRoundsDecisionAndVerificationTheReportShows() throws Exception {
        MigrationCapture c = new MigrationCapture(null);
        ScenarioRun run = run("stale-iotlb-hazard.yaml", c);
        MigrationRecord m = c.migrations().get(c.migrations().size() - 1);
        Map<String, Object> json = (Map<String, Object>) RunReport.tree(run).get("migration");
        assertThat(m.result()).isEqualTo(json.get("result"));
        assertThat(m.rounds()).hasSameSizeAs((List<?>) json.get("rounds"));
        assertThat(m.rounds()).isEqualTo(run.migration().rounds());
        assertThat(m.decision()).isIn("converged", "out-of-rounds");
        assertThat(m.stopCopy().finalPages()).isEqualTo(json.get("final-pages"));
        assertThat(m.stopCopy().downtimeNs()).isEqualTo(json.get("downtime-ns"));
        assertThat(m.verification().mismatches()).isEqualTo(256);
        assertThat(m.verification().lostIovas()).isEqualTo(run.migration().verification().lostIovas());
        boolean estimateFits = m.rounds().get(m.rounds().size() - 1).estimatedDowntimeNs() <= m.downtimeLimitNs();
        assertThat(m.decision()).isEqualTo(estimateFits ? "converged" : "out-of-rounds");
    }

    @Test
    void aBlockedMigrationSaysSoAndHasNoRounds() throws Exception {
        MigrationCapture c = new MigrationCapture(null);
        run("no-tracker-everything-dirty.yaml", c);
        MigrationRecord first = c.migrations().get(0);
        assertThat(first.result()).isEqualTo("blocked");
        assertThat(first.decision()).isEqualTo("blocked");
        assertThat(first.reason()).contains("nic0");
        assertThat(first.rounds()).isEmpty();
    }

    @Test
    void fsmArcsFollowTheKernelsSingleSteps() throws Exception {
        MigrationCapture c = new MigrationCapture(null);
        run("amd-nic-iommu.yaml", c);
        assertThat(c.arcs()).isNotEmpty();
        for (FsmArc a : c.arcs()) {
            // Every arc a device took is an arc of its own graph (all four flag sets include STOP_COPY).
            assertThat(a.from()).isNotEqualTo(a.to());
            assertThat(a.from()).isNotEqualTo(VfioMigState.ERROR);
        }
        assertThat(c.arcs()).extracting(FsmArc::seq).isSorted();
    }
}
