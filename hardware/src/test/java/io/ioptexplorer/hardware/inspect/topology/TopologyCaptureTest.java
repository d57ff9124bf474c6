package io.ioptexplorer.hardware.inspect.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.IommuSpec;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The topology of every sample, read off the machine after its steps ran. */
class TopologyCaptureTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");

    static Stream<String> samples() throws Exception {
        return Files.readAllLines(SAMPLES.resolve("samples.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("scale-"));
    }

    static TopologyView run(String sample) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
        TrackingRecorder rec = new TrackingRecorder(null, null);
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), rec);
        rec.attach(run.machine());
        run.runAll(null);
        return rec.snapshot().topology();
    }

    /** What the unit's capability register must say when the file gives it (or denies it) dirty tracking. */
    private static Map<String, Long> expectedBits(IommuSpec i) {
        boolean dirty = i.features().contains(IommuSpec.Feature.DIRTY_TRACKING);
        boolean access = i.features().contains(IommuSpec.Feature.ACCESS_TRACKING);
        return switch (i.model()) {
            case AMD_V1 -> Map.of("HDSup", dirty ? 1L : 0L, "HASup", dirty || access ? 1L : 0L);
            case VTD_SS -> Map.of("SSADS", dirty ? 1L : 0L);
            case SMMUV3 -> Map.of("HTTU", dirty ? 2L : access ? 1L : 0L);
            case RISCV -> Map.of("AMO_HWAD", dirty || access ? 1L : 0L);
            default -> Map.of();
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyDeviceAndIommuIsThereWithItsCapabilityBits(String sample) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
        TopologyView v = run(sample);
        assertThat(v.units()).extracting(TopologyView.Unit::id)
                .containsExactlyElementsOf(t.iommus().stream().map(IommuSpec::id).toList());
        for (IommuSpec i : t.iommus()) {
            TopologyView.Unit u = v.units().stream().filter(x -> x.id().equals(i.id())).findFirst().orElseThrow();
            expectedBits(i).forEach((name, value) -> assertThat(u.bits())
                    .as("%s %s", i.id(), name).contains(new TopologyView.Bit(name, value)));
        }
        assertThat(v.devices()).extracting(TopologyView.DeviceNode::id)
                .containsExactlyInAnyOrderElementsOf(t.devices().stream().map(d -> d.id()).toList());
        for (TopologyView.DeviceNode d : v.devices()) {
            assertThat(d.coveredBy()).isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void riscVShowsHardwareAdButNoUpstreamDirtyTracking() throws Exception {
        TopologyView v = run("riscv-no-upstream-dirty.yaml");
        assertThat(v.units()).allSatisfy(u -> {
            assertThat(u.dirtyCapable()).isFalse();
            assertThat(u.verdict()).isEqualTo("hardware A/D but no upstream dirty ops");
            assertThat(u.bits()).contains(new TopologyView.Bit("AMO_HWAD", 1));
        });
    }

    @org.junit.jupiter.api.Test
    void mixedHostShowsTheAttachFailureWithItsErrno() throws Exception {
        TopologyView v = run("mixed-host-no-dirty-iommu.yaml");
        assertThat(v.units()).anySatisfy(u -> assertThat(u.verdict()).isEqualTo("no dirty tracking"));
        assertThat(v.devices()).anySatisfy(d -> assertThat(d.problem()).contains("EINVAL"));
    }
}
