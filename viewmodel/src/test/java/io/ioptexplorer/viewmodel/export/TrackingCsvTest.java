package io.ioptexplorer.viewmodel.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.MigrationRecord;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The lanes and the dashboard's rounds as CSV, written from whole sample runs and read back against the snapshot. */
class TrackingCsvTest {
    private static TrackingSnapshot run(String sample, String... settings) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample), List.of(settings));
        TrackingRecorder rec = new TrackingRecorder(null, null);
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), rec);
        rec.attach(run.machine());
        run.runAll(null);
        return rec.snapshot();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stale-iotlb-hazard.yaml", "vtd-mlx5-device-tracking.yaml"})
    void everyLanesPagesReadBackWithTheirClass(String sample) throws Exception {
        TrackingSnapshot s = run(sample);
        StringWriter out = new StringWriter();
        LanesCsv.write(s, out);
        List<LanesCsv.Row> rows = LanesCsv.read(out.toString().lines().toList());
        assertThat(s.lanes()).isNotEmpty();
        long falseNegatives = 0;
        for (MigrationLanes m : s.lanes()) {
            for (LaneRound r : m.rounds()) {
                for (Lane l : r.lanes()) {
                    List<LanesCsv.Row> mine = rows.stream().filter(x -> x.migration() == m.ordinal() + 1
                            && x.sync().equals(r.label()) && x.lane().equals(l.name())).toList();
                    List<Long> reported = new ArrayList<>();
                    l.reported().forEachFrame(reported::add);
                    assertThat(mine.stream().filter(LanesCsv.Row::reported).map(LanesCsv.Row::page))
                            .as("%s %s reported", r.label(), l.name()).containsExactlyElementsOf(reported);
                    assertThat(mine.stream().filter(LanesCsv.Row::written).count()).isEqualTo(l.truePages());
                    assertThat(mine.stream().filter(LanesCsv.Row::falsePositive).count())
                            .isEqualTo(l.falsePositives());
                    assertThat(mine.stream().filter(LanesCsv.Row::falseNegative).count())
                            .isEqualTo(l.falseNegatives());
                    assertThat(mine).allSatisfy(x -> assertThat(x.iova()).isEqualTo(x.page() << 12));
                    falseNegatives += l.falseNegatives();
                }
            }
        }
        if (sample.startsWith("stale")) {
            assertThat(falseNegatives).as("the skipped flush loses writes: they are in the CSV").isPositive();
        }
    }

    @Test
    void theDashboardsRoundsReadBack() throws Exception {
        TrackingSnapshot s = run("stale-iotlb-hazard.yaml");
        List<Map<String, String>> rows = MigrationRoundsCsv.read(MigrationRoundsCsv.of(s).lines().toList());
        List<RoundMetrics> rounds = s.migrations().stream().map(MigrationRecord::rounds).flatMap(List::stream)
                .toList();
        assertThat(rows).hasSize(rounds.size()).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < rows.size(); i++) {
            RoundMetrics r = rounds.get(i);
            Map<String, String> row = rows.get(i);
            assertThat(row.get("round")).isEqualTo(Integer.toString(r.round()));
            assertThat(Long.parseLong(row.get("pages-sent"))).isEqualTo(r.pagesSent());
            assertThat(Long.parseLong(row.get("dirty-pages"))).isEqualTo(r.dirtyPages());
            assertThat(Long.parseLong(row.get("true-dirty-pages"))).isEqualTo(r.truePages());
            assertThat(Long.parseLong(row.get("estimated-downtime-ns"))).isEqualTo(r.estimatedDowntimeNs());
            assertThat(Long.parseLong(row.get("invalidations"))).isEqualTo(r.invalidations());
            Map<String, Long> byTracker = r.syncs().stream().collect(Collectors.toMap(t -> t.tracker(),
                    t -> t.reportedPages()));
            byTracker.forEach((t, n) -> assertThat(row.get("reported:" + t)).isEqualTo(Long.toString(n)));
        }
    }

    @Test
    void aDamagedFileSaysWhichLine() {
        assertThatThrownBy(() -> LanesCsv.read(List.of(LanesCsv.HEADER, "1,round 0,false,kvm,kvm,7,0x7000,1,1,0")))
                .hasMessage("line 2: 10 fields, expected 11");
        assertThatThrownBy(() -> LanesCsv.read(List.of(LanesCsv.HEADER, "1,round 0,false,kvm,kvm,7,0x7000,1,2,0,0")))
                .hasMessageStartingWith("line 2: expected 0 or 1, found '2'");
        assertThatThrownBy(() -> MigrationRoundsCsv.read(List.of("page,dirty")))
                .hasMessageStartingWith("line 1: not a migration rounds CSV");
    }
}
