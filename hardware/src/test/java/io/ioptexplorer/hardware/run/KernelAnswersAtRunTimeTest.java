package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rule the file checker no longer predicts is answered by the simulated kernel at run time: the file is valid,
 * the step fails with the kernel's errno in {@code run} and in the JSON report, and {@code validate}'s dry run warns
 * of exactly that step with its errno.
 */
class KernelAnswersAtRunTimeTest {
    /** Six lines; steps start on line 7, the operation at column 5. */
    private static final String HEADER = """
            name: t
            iommus: [{id: amd0, model: amd-v1, features: [dirty-tracking]}, {id: mock0, model: mock},
                     {id: amd1, model: amd-v1}, {id: s0, model: smmuv3}, {id: s1, model: smmuv3}]
            vm: {memory: 1GiB}
            devices: [{id: dev0, kind: nic, iommu: amd0, tracker: {kind: mlx5, max-ranges: 4, page-sizes: [4KiB]}}, {id: dev1, kind: generic, iommu: mock0}, {id: dev2, kind: generic, iommu: amd1}, {id: g0, kind: gpu, iommu: s0}, {id: g1, kind: gpu, iommu: s1}]
            steps:
            """;

    private record Outcome(List<StepResult> results, List<Map<String, Object>> report, List<DryRun.Warning> warnings) {
        /** Asserts that step {@code index} (0-based) failed with {@code errno}, everywhere it is shown. */
        void failsWith(int index, Errno errno, String line) {
            StepResult r = results.get(index);
            assertThat(r.errno()).as("errno of step %d: %s", index, r.error()).isEqualTo(errno);
            assertThat(r.ok()).isFalse();
            assertThat(report.get(index)).containsEntry("errno", errno.name()).containsEntry("ok", false)
                    .containsEntry("location", "t.yaml:" + line + ":5");
            assertThat(warnings).anySatisfy(w -> {
                assertThat(w.index()).isEqualTo(index);
                assertThat(w.errno()).isEqualTo(errno);
                assertThat(w.toString()).startsWith("t.yaml:" + line + ":5: warning: step " + (index + 1))
                        .contains("will fail with " + errno.name());
            });
        }

        void succeeds(int index) {
            assertThat(results.get(index).ok()).as("step %d: %s", index, results.get(index).error()).isTrue();
            assertThat(warnings).noneMatch(w -> w.index() == index);
        }
    }

    @SuppressWarnings("unchecked")
    private static Outcome run(String steps) throws Exception {
        Topology t = TopologyLoader.load("t.yaml", HEADER + steps); // valid: no TopologyException
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        List<StepResult> results = run.runAll(null);
        List<Map<String, Object>> report = (List<Map<String, Object>>) RunReport.tree(run).get("steps");
        return new Outcome(results, report, DryRun.of(t, 1));
    }

    @Test
    void anUnalignedMapOnAnIoasWithADomainIsEinval() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x1000800, length: 128KiB}
                """);
        o.failsWith(2, Errno.EINVAL, "9");
        assertThat(o.results.get(2).error()).contains("not aligned");
    }

    @Test
    void aSubPageMapWithoutADomainIsAcceptedAndTheLaterHwptIsEaddrinuse() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x1000800, length: 2KiB}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: ioas0}
                  - attach: {device: dev0, ioas: ioas0}
                """);
        o.succeeds(1);
        o.failsWith(2, Errno.EADDRINUSE, "9");
        o.failsWith(3, Errno.EADDRINUSE, "10"); // the auto domain of an IOAS attach meets the same check
    }

    @Test
    void attachingToAHwptOfAnotherIommuIsEachDriversRule() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: amd, device: dev0, ioas: ioas0}
                  - attach: {device: dev1, hwpt: amd}
                  - attach: {device: dev2, hwpt: amd}
                  - hwpt-alloc: {id: smmu, device: g0, ioas: ioas0}
                  - attach: {device: g0, hwpt: smmu}
                  - attach: {device: g1, hwpt: smmu}
                """);
        o.failsWith(2, Errno.EINVAL, "9");   // mock device on an AMD domain: another driver
        o.succeeds(3);                        // another AMD IOMMU: AMD domains span units
        o.succeeds(5);
        o.failsWith(6, Errno.EINVAL, "13");  // another SMMU: arm_smmu_attach_dev refuses
        assertThat(o.results.get(6).error()).contains("arm_smmu_attach_dev");
    }

    @Test
    void overlappingMapsAreEexistAndAPartialUnmapIsEnoent() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x100000, length: 1MiB}
                  - ioas-map: {ioas: ioas0, iova: 0x180000, length: 1MiB}
                  - ioas-unmap: {ioas: ioas0, iova: 0x140000, length: 256KiB}
                  - ioas-unmap: {ioas: ioas0, iova: 0x100000, length: 1MiB}
                  - ioas-map: {ioas: ioas0, iova: 0x180000, length: 512KiB}
                """);
        o.failsWith(2, Errno.EEXIST, "9");
        o.failsWith(3, Errno.ENOENT, "10"); // unmap never splits a mapping (iopt_unmap_iova_range)
        o.succeeds(4);
        o.succeeds(5);
    }

    @Test
    void mapsOutsideGuestMemoryAndEmptyMapsFailAtRunTime() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0, length: 2MiB, guest-address: 0x3ff00000}
                  - ioas-map: {ioas: ioas0, iova: 0x40000000, length: 0}
                """);
        o.failsWith(1, Errno.EFAULT, "8");
        o.failsWith(2, Errno.EINVAL, "9");
    }

    @Test
    void bitmapRangesAndPageSizesAreTheKernelsMaskTests() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x100000, length: 1MiB}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: ioas0, dirty-tracking: true}
                  - set-dirty-tracking: {hwpt: hwpt0, enable: true}
                  - get-dirty-bitmap: {hwpt: hwpt0, iova: 0x101800, length: 64KiB, page-size: 4KiB}
                  - get-dirty-bitmap: {hwpt: hwpt0, iova: 0x100000, length: 96KiB, page-size: 3KiB}
                  - get-dirty-bitmap: {hwpt: hwpt0, iova: 0x101000, length: 8KiB, page-size: 12KiB}
                  - get-dirty-bitmap: {hwpt: hwpt0, iova: 0x7ffffffffffff000, length: 8KiB, page-size: 4KiB}
                    expect: {dirty-bits: 0}
                """);
        o.failsWith(4, Errno.EINVAL, "11"); // not aligned to the IOAS (4 KiB on AMD)
        o.succeeds(5);                       // 0xc00 masks pass; bits count in 1 KiB (__ffs)
        assertThat(((BitmapValue) o.results.get(5).result().get("bitmap")).nbits()).isEqualTo(96);
        o.failsWith(6, Errno.EINVAL, "13"); // 0x101000 & 0x2fff != 0
        o.succeeds(7);                       // crosses 2^63: unsigned, unmapped, no bits
    }

    @Test
    void dmaLoggingRangesThatOverlapOrAreEmptyAreEinval() throws Exception {
        Outcome o = run("""
                  - dma-logging-start: {device: dev0, ranges: [{iova: 0, length: 1MiB}, {iova: 0x80000, length: 1MiB}], page-size: 4KiB}
                  - dma-logging-start: {device: dev0, ranges: [], page-size: 4KiB}
                  - dma-logging-start: {device: dev0, ranges: [{iova: 0, length: 1MiB}], page-size: 4KiB}
                """);
        o.failsWith(0, Errno.EINVAL, "7");
        o.failsWith(1, Errno.EINVAL, "8");
        o.succeeds(2);
    }

    @Test
    void aStepThatExpectsItsErrnoIsNoWarning() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x1000800, length: 128KiB}
                    expect-error: EINVAL
                """);
        assertThat(o.results).allMatch(StepResult::ok);
        assertThat(o.warnings).isEmpty();
    }

    @Test
    void anIovaAboveTwoToThe63IsLegalAndReportedUnsigned() throws Exception {
        Outcome o = run("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0xfffffffffffff000, length: 4KiB, guest-address: 0}
                    expect: {iova: 0xfffffffffffff000}
                  - ioas-map: {ioas: ioas0, iova: 0xffffffffffffe000, length: 16KiB, guest-address: 0}
                  - ioas-unmap: {ioas: ioas0, iova: 0xfffffffffffff000, length: 4KiB}
                """);
        o.succeeds(1);
        assertThat(((Map<?, ?>) o.report.get(1).get("result")).get("iova"))
                .isEqualTo("0xfffffffffffff000");
        o.failsWith(2, Errno.EOVERFLOW, "10"); // iova + length - 1 passes 2^64 (iopt_check_iova)
        o.succeeds(3);
    }

    @Test
    void aDeviceWithEmptyMigrationFlagsHasNoMigrationOpsAndAnswersEnotty() throws Exception {
        Topology t = TopologyLoader.load("m.yaml", """
                name: m
                iommus: [{id: amd0, model: amd-v1}]
                vm: {memory: 64MiB}
                devices: [{id: plain, kind: nic, iommu: amd0, migration-flags: []}, {id: dflt, kind: nic, iommu: amd0}]
                steps:
                  - mig-state: {device: plain, state: STOP}
                  - mig-state: {device: dflt, state: STOP}
                    expect: {path: [RUNNING, STOP]}
                """);
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        List<StepResult> results = run.runAll(null);
        assertThat(results.get(0).errno()).isEqualTo(Errno.ENOTTY);
        assertThat(results.get(0).error()).contains("no migration ops");
        assertThat(results.get(1).ok()).isTrue(); // absent migration-flags: the minimal migratable device
        assertThat(DryRun.of(t, 1)).singleElement().satisfies(w -> assertThat(w.errno()).isEqualTo(Errno.ENOTTY));
    }
}
