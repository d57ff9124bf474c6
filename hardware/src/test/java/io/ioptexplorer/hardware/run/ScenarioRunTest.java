package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioRunTest {
    static final Path SAMPLES = Path.of("..", "sample-topologies");

    static ScenarioRun run(String file) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(file));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
        run.runAll(null);
        return run;
    }

    /** The issue's two example files, verbatim, validate and run as shown. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"selftest-128k.yaml", "amd-nic-iommu.yaml"})
    void issueExamplesRunVerbatim(String file) throws Exception {
        Topology t = TopologyLoader.load(Path.of("src", "test", "resources", "issue-examples", file));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
        run.runAll(null);
        assertThat(run.results()).isNotEmpty().allSatisfy(s -> assertThat(s.failures()).isEmpty());
    }

    @Test
    void selftestSampleRunsAsWritten() throws Exception {
        ScenarioRun run = run("selftest-128k.yaml");
        List<StepResult> r = run.results();
        assertThat(r).allSatisfy(s -> assertThat(s.failures()).as("step %d %s", s.index(), s.op()).isEmpty());
        StepResult firstRead = r.stream().filter(s -> s.op().equals("get-dirty-bitmap")).findFirst().orElseThrow();
        assertThat(firstRead.result().get("dirty-bits")).isEqualTo(32L);
        // every other 2 KiB page: bit i set for even i -> bytes 0x55
        assertThat(((BitmapValue) firstRead.result().get("bitmap")).hex()).isEqualTo("55".repeat(8));
    }

    @Test
    void amdNicSampleMigratesWithoutLoss() throws Exception {
        ScenarioRun run = run("amd-nic-iommu.yaml");
        assertThat(run.results()).allSatisfy(s -> assertThat(s.failures()).as("step %d", s.index()).isEmpty());
        assertThat(run.migration().verification().mismatches()).isZero();
    }

    @Test
    void hotplugBehindANonDirtyIommuFallsBackAndMigrationStaysCorrect() throws Exception {
        Topology t = TopologyLoader.load(Path.of(ScenarioRunTest.class.getResource("/run/hotplug.yaml").toURI()));
        ScenarioRun run = new ScenarioRun(t, 3, EventSink.NONE);
        run.runAll(null);
        assertThat(run.results()).allSatisfy(s -> assertThat(s.failures()).as("step %d", s.index()).isEmpty());
        assertThat(run.machine().device("nic1").hotplugged()).isTrue();
    }

    @Test
    void aSecondMigrateStepResumesThePausedSourceFirst() throws Exception {
        Topology t = TopologyLoader.load(Path.of(ScenarioRunTest.class.getResource("/run/migrate-twice.yaml").toURI()));
        ScenarioRun run = new ScenarioRun(t, 2, EventSink.NONE);
        run.runAll(null);
        assertThat(run.results()).allSatisfy(s -> assertThat(s.failures()).as("step %d", s.index()).isEmpty());
        StepResult first = run.results().get(0);
        StepResult second = run.results().get(1);
        assertThat(first.result()).doesNotContainKey("source-resumed");
        assertThat(second.result().get("source-resumed")).isEqualTo(true);
        // The VM ran again between the migrations: vCPUs and the NIC dirtied memory during the second one too.
        assertThat(run.migration().rounds().get(0).dirtyPages()).isPositive();
        assertThat(run.machine().device("nic0").migration().state().name()).isEqualTo("STOP");
    }

    @Test
    void aHotPluggedPassthroughDeviceJoinsTheType1ContainerOnlyWhenPlugged() throws Exception {
        Topology t = TopologyLoader.load(Path.of(ScenarioRunTest.class.getResource("/run/type1-hotplug.yaml").toURI()));
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        run.runAll(null);
        // Before the hot-plug only the emulated device's two written pages are dirty; after it every mapped page.
        assertThat(run.results()).allSatisfy(s -> assertThat(s.failures()).as("step %d", s.index()).isEmpty());
    }

    @Test
    void aWorkloadOfOneDeviceCountsThePagesItWroteAndLetsTimePass() throws Exception {
        Topology t = TopologyLoader.load(Path.of(ScenarioRunTest.class.getResource("/run/workload-one-device.yaml")
                .toURI()));
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        run.step();
        assertThat(run.results().get(0).failures()).isEmpty();
        assertThat(run.machine().clock().now()).isEqualTo(5_000_000L);
        run.step();
        assertThat(run.results().get(1).failures()).isEmpty();
    }

    @Test
    void transferredCountsDeviceStateOnceAndTheReportHasFsmArcsAndKvmWithoutASink() throws Exception {
        ScenarioRun run = run("amd-nic-iommu.yaml");
        var m = run.migration();
        long pages = m.rounds().stream().mapToLong(r -> r.pagesSent()).sum() + m.finalPages();
        assertThat(m.deviceBytes()).isPositive();
        assertThat(run.results().get(0).result().get("transferred")).isEqualTo(pages * 4096 + m.deviceBytes());
        var tree = RunReport.tree(run);
        @SuppressWarnings("unchecked")
        var migration = (java.util.Map<String, Object>) tree.get("migration");
        assertThat(migration.get("bytes-transferred")).isEqualTo(pages * 4096 + m.deviceBytes());
        // The NIC went RUNNING -> PRE_COPY -> ... during the migration, with no event sink attached to the run.
        assertThat((List<?>) tree.get("fsm")).isNotEmpty();
        assertThat(tree.get("kvm")).asString().contains("dirty-log=bitmap");
    }

    @Test
    void sameSeedSameReportByteForByte() throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve("amd-nic-iommu.yaml"));
        ScenarioRun a = new ScenarioRun(t, 5, EventSink.NONE);
        a.runAll(null);
        ScenarioRun b = new ScenarioRun(t, 5, EventSink.NONE);
        b.runAll(null);
        assertThat(RunReport.json(a)).isEqualTo(RunReport.json(b));
    }

    @Test
    void progressHearsEveryStepAndEveryMigrationRound() throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve("amd-nic-iommu.yaml"));
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        List<String> heard = new java.util.ArrayList<>();
        run.runAll(new ScenarioRun.Progress() {
            @Override
            public void stepDone(int done, int total, StepResult last) {
                heard.add("step " + done + "/" + total);
            }

            @Override
            public void migrationRound(int round, int maxRounds) {
                heard.add("round " + round + "/" + maxRounds);
            }
        });
        assertThat(heard).containsExactly("round 0/30", "step 1/1");
    }

    @Test
    void changedMigrationSettingsKeepTheHotplugFallback() throws Exception {
        Topology t = TopologyLoader.load(Path.of(ScenarioRunTest.class.getResource(
                "/run/hotplug-then-other-settings.yaml").toURI()));
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        run.runAll(null);
        // Under all-dirty the device would be migrated; its fallback "block" must still stop the migration.
        assertThat(run.results()).allSatisfy(s -> assertThat(s.failures()).as("step %d", s.index()).isEmpty());
    }
}
