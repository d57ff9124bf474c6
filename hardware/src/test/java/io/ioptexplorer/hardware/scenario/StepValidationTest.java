package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import static io.ioptexplorer.hardware.scenario.TopologyErrorsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remaining checks on step arguments, and the typed model of the less common operations and sections. */
class StepValidationTest {

    /** Five lines; steps start on line 6. dev0 has a workload, dev1 has none. */
    static final String HEADER = """
            name: t
            iommus: [{id: amd0, model: amd-v1}, {id: mock0, model: mock}]
            vm: {memory: 1GiB}
            devices: [{id: dev0, kind: nic, iommu: amd0, workload: {rate: 1MiB/s}}, {id: dev1, kind: generic, iommu: mock0}]
            steps:
            """;

    static List<String> stepProblems(String steps) {
        return problems(HEADER + steps);
    }

    static Topology load(String steps) throws TopologyException {
        return TopologyLoader.load("t.yaml", HEADER + steps);
    }

    @Test
    void dmaAccessesMustFitTheirStride() {
        assertThat(stepProblems("  - dma: {device: dev0, iova: 0, length: 64KiB, stride: 4KiB, size: 8KiB}\n"))
                .containsExactly("t.yaml:6:69: 'size' in dma (8 KiB) is larger than 'stride' (4 KiB); accesses would"
                        + " overlap; make size at most the stride");
    }

    @Test
    void dmaWithoutStrideIsOneAccess() throws Exception {
        StepArgs.Dma dma = (StepArgs.Dma) load("  - dma: {device: dev0, iova: 0x1000, length: 8KiB}\n").steps().get(0)
                .args();
        assertThat(dma).isEqualTo(new StepArgs.Dma("dev0", 0x1000, 8192, true, 8192, 8192));
        assertThat(dma.accesses()).isEqualTo(1);
    }

    @Test
    void vcpuWritesStayInGuestMemory() {
        assertThat(stepProblems("  - vcpu-write: {gpa: 0x3fff0000, length: 1MiB}\n")).containsExactly(
                "t.yaml:6:23: vcpu-write range 0x3fff0000..0x400f0000 is outside guest memory (1 GiB, up to"
                        + " 0x40000000); keep it within vm.memory");
    }

    @Test
    void workloadSources() throws Exception {
        assertThat(stepProblems("""
                  - workload: {source: dev1, duration: 10ms}
                  - workload: {source: cpus, duration: 10ms}
                """)).containsExactly(
                "t.yaml:6:24: device 'dev1' has no workload; add one to the device or give rate, pattern, ... in this"
                        + " step",
                "t.yaml:7:24: workload source 'cpus' is neither a device nor vcpus; did you mean 'vcpus'? (sources:"
                        + " dev0, dev1, vcpus)");
        StepArgs.Workload w = (StepArgs.Workload) load(
                "  - workload: {source: dev1, duration: 10ms, rate: 5MiB/s, pattern: burst}\n").steps().get(0).args();
        assertThat(w.source()).contains("dev1");
        assertThat(w.duration()).isEqualTo(10_000_000L);
        assertThat(w.override().orElseThrow().pattern()).isEqualTo(WorkloadSpec.Pattern.BURST);
        assertThat(w.override().orElseThrow().workingSet()).isEqualTo(Units.GiB);
    }

    @Test
    void dmaLoggingStartCanExpectThePageSizeTheDriverChose() throws Exception {
        Step s = load("  - dma-logging-start: {device: dev0, ranges: [{iova: 0, length: 1MiB}], page-size: 4KiB}\n"
                + "    expect: {page-size: 4KiB}\n").steps().get(0);
        assertThat(s.expect().number("page-size")).contains(4096L);
    }

    @Test
    void type1DirtyArguments() throws Exception {
        assertThat(stepProblems("""
                  - type1-dirty: {action: start, page-size: 4KiB}
                  - type1-dirty: {action: get-bitmap, iova: 0, length: 1MiB}
                """)).containsExactly(
                "t.yaml:6:34: 'page-size' applies to type1-dirty get-bitmap only; remove it from start",
                "t.yaml:7:18: missing required key 'page-size' in type1-dirty get-bitmap (a size such as 4KiB)");
        List<Step> steps = load("""
                  - type1-dirty: start
                  - type1-dirty: {action: get-bitmap, iova: 0, length: 1MiB, page-size: 4KiB}
                    expect: {dirty-bits: 0}
                """).steps();
        assertThat(steps.get(0).args()).isEqualTo(new StepArgs.Type1Dirty(StepArgs.Type1Action.START,
                java.util.Optional.empty(), java.util.OptionalLong.empty()));
        assertThat(((StepArgs.Type1Dirty) steps.get(1).args()).range()).contains(new StepArgs.Range(0, Units.MiB));
    }

    @Test
    void attachAndInvalidateTakeExactlyOneTarget() {
        assertThat(stepProblems("""
                  - attach: {device: dev0, hwpt: h, ioas: i}
                  - iotlb-invalidate: {iommu: amd9}
                  - iotlb-invalidate: {iommu: amd0, iova: 0}
                """)).containsExactly(
                "t.yaml:6:37: attach takes exactly one of 'hwpt' or 'ioas'; remove one of them",
                "t.yaml:7:31: iotlb-invalidate names iommu 'amd9', which is not defined; did you mean 'amd0'? (iommus:"
                        + " amd0, mock0)",
                "t.yaml:8:23: iotlb-invalidate takes 'iova' and 'length' together (one range) or neither"
                        + " (everything); add the missing one");
    }

    @Test
    void vmmBuiltObjectsCanBeNamedWhenNoStepBuildsAny() throws Exception {
        Topology t = load("""
                  - set-dirty-tracking: {hwpt: vmm-hwpt-amd0, enable: true}
                  - workload: {duration: 1s}
                  - get-dirty-bitmap: {hwpt: vmm-hwpt-amd0, iova: 0, length: 2MiB, page-size: 4KiB}
                    expect: {bitmap: "0101", dirty-bits: 2}
                    narrate: Two pages were written.
                  - narrate: The end.
                """);
        assertThat(t.vmmBuildsIommufdObjects()).isTrue();
        Step get = t.steps().get(2);
        BitSet expected = new BitSet();
        expected.set(1);
        expected.set(3);
        assertThat(get.expect().bitmap("bitmap")).contains(expected);
        assertThat(get.narrate()).isEqualTo("Two pages were written.");
        assertThat(t.steps().get(3).args()).isEqualTo(new StepArgs.Narrate("The end."));
        assertThat(Topology.implicitHwpt("amd0")).isEqualTo("vmm-hwpt-amd0");
    }

    @Test
    void vmmBuiltObjectsDoNotExistWhenStepsBuildTheirOwn() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - set-dirty-tracking: {hwpt: vmm-hwpt-amd0, enable: true}
                """)).containsExactly(
                "t.yaml:7:32: hwpt 'vmm-hwpt-amd0' in set-dirty-tracking is not defined; no hwpt exists yet, so add an"
                        + " hwpt-alloc step before this one");
    }

    @Test
    void migrateStepsOverrideTheTopologysSettings() throws Exception {
        Topology t = TopologyLoader.load("t.yaml", HEADER.replace("steps:\n", """
                migration: {bandwidth: 25Gbit/s, split: eager}
                steps:
                  - migrate: {split: lazy, max-rounds: 5}
                  - migrate:
                """));
        MigrationSpec first = ((StepArgs.Migrate) t.steps().get(0).args()).settings();
        assertThat(first.split()).isEqualTo(MigrationSpec.Split.LAZY);
        assertThat(first.maxRounds()).isEqualTo(5);
        assertThat(first.bandwidth()).isEqualTo(3_125_000_000L);
        MigrationSpec second = ((StepArgs.Migrate) t.steps().get(1).args()).settings();
        assertThat(second.split()).isEqualTo(MigrationSpec.Split.EAGER);
        assertThat(stepProblems("  - migrate: {split: lazy, bandwidth: 0MiB/s}\n")).containsExactly(
                "t.yaml:6:39: 'bandwidth' in migrate is 0; a migration needs a link, such as 10Gbit/s");
    }

    @Test
    void expectedStatePaths() throws Exception {
        assertThat(stepProblems("""
                  - mig-state: {device: dev0, state: STOP_COPY}
                    expect: {path: [RUNNING, STOPP]}
                """)).containsExactly(
                "t.yaml:7:30: unknown VFIO migration state 'STOPP' in expect of mig-state; did you mean 'STOP'?"
                        + " (expected one of: ERROR, STOP, RUNNING, STOP_COPY, RESUMING, RUNNING_P2P, PRE_COPY,"
                        + " PRE_COPY_P2P)");
        Step s = load("""
                  - mig-state: {device: dev0, state: STOP_COPY}
                    expect: {path: [RUNNING, STOP, STOP_COPY], state: STOP_COPY}
                """).steps().get(0);
        assertThat(s.args()).isEqualTo(new StepArgs.MigState("dev0", VfioMigState.STOP_COPY));
        assertThat(s.expect().list("path")).contains(List.of("RUNNING", "STOP", "STOP_COPY"));
    }

    @Test
    void vmSectionChecks() {
        assertThat(problems("""
                name: t
                iommus: [{id: a, model: amd-v1, levels: 3}]
                vm: {memory: 3MiB, hugepages: 2MiB, dirty-log: {mode: ring, ring-size: 1000}}
                devices: [{id: e, kind: emulated}]
                """)).containsExactly(
                "t.yaml:3:14: 'memory' in vm (3 MiB) is not a whole number of 2 MiB huge pages; make it a multiple of"
                        + " 'hugepages'",
                "t.yaml:3:72: 'ring-size' in vm dirty-log is 1000; KVM dirty rings hold a power of two between 16 and"
                        + " 65536 entries, such as 4096");
        assertThat(problems("""
                name: t
                iommus: []
                vm: {memory: 4MiB, vcpu-workload: {rate: 1MiB/s, working-set: 2GiB}}
                devices: []
                """)).containsExactly(
                "t.yaml:3:63: 'working-set' in vm vcpu-workload (2 GiB) is larger than the guest memory (4 MiB); make"
                        + " it at most vm.memory");
    }

    @Test
    void migrationSectionChecks() {
        assertThat(problems("""
                name: t
                iommus: []
                vm: {memory: 1GiB}
                devices: []
                migration: {downtime-limit: 0s, precopy-dirty-tracking: maybe, hotplug-fallback: second_hwpt}
                """)).containsExactly(
                "t.yaml:5:29: 'downtime-limit' in migration is 0; no migration can stop the guest for no time; use a"
                        + " limit such as 300ms",
                "t.yaml:5:57: 'precopy-dirty-tracking' in migration must be true or false, not the text 'maybe'",
                "t.yaml:5:82: unknown hotplug fallback 'second_hwpt' in migration; did you mean 'second-hwpt'?"
                        + " (expected one of: second-hwpt, suspend, block)");
    }

    @Test
    void fullyTypedSections() throws Exception {
        Topology t = TopologyLoader.load("full.yaml", """
                name: everything
                seed: 42
                iommus:
                  - {id: s, model: smmuv3, granule: 16KiB, features: [dirty-tracking, access-tracking],
                     faults: [skip-dirty-flush], invalidation: per-entry, iotlb: {entries: 64, ways: 64}}
                  - {id: r, model: riscv, mode: sv57}
                  - {id: v, model: vtd-ss}
                vm: {memory: 2GiB, vcpus: 4, hugepages: 32MiB, dirty-log: {mode: ring}}
                devices:
                  - id: gpu0
                    kind: gpu
                    iommu: s
                    migration-flags: [stop-copy]
                    tracker: {kind: mlx5, max-ranges: 4, page-sizes: [2MiB, 4KiB]}
                    dirty-tracking: device
                    workload: {rate: 1GB/s, size: 64KiB, pattern: zipf, working-set: 1GiB, read-ratio: 0.25}
                  - {id: emu, kind: emulated}
                migration: {precopy-dirty-tracking: false, no-tracker-policy: suspend-early, hotplug-fallback: block}
                """);
        assertThat(t.seed()).hasValue(42);
        IommuSpec s = t.iommus().get(0);
        assertThat(s.params()).isEqualTo(new IommuSpec.SmmuV3(2, 16 * Units.KiB));
        assertThat(s.smallestPageSize()).isEqualTo(16 * Units.KiB);
        assertThat(s.faults()).containsExactly(IommuSpec.Fault.SKIP_DIRTY_FLUSH);
        assertThat(s.invalidation()).isEqualTo(IommuSpec.Invalidation.PER_ENTRY);
        assertThat(s.iotlb().sets()).isEqualTo(1);
        assertThat(t.iommus().get(1).params()).isEqualTo(new IommuSpec.Riscv(IommuSpec.SvMode.SV57));
        assertThat(t.iommus().get(2).params()).isEqualTo(new IommuSpec.VtdSs(4));
        assertThat(t.vm().dirtyLog()).isEqualTo(new VmSpec.DirtyLog(VmSpec.DirtyLogMode.RING, 4096));
        DeviceSpec gpu = t.devices().get(0);
        assertThat(gpu.tracker()).isEqualTo(new TrackerSpec(TrackerSpec.Kind.MLX5, 4, List.of(4096L, 2 * Units.MiB),
                gpu.tracker().location()));
        assertThat(gpu.tracker().location()).hasToString("full.yaml:14:14");
        assertThat(gpu.dirtyTracking()).contains(MigrationSpec.DirtyTracking.DEVICE);
        WorkloadSpec w = gpu.workload().orElseThrow();
        assertThat(w).isEqualTo(new WorkloadSpec(1_000_000_000L, 65536, WorkloadSpec.Pattern.ZIPF, Units.GiB, 0.25,
                w.location()));
        assertThat(t.devices().get(1).iommu()).isEmpty();
        MigrationSpec m = t.migration().orElseThrow();
        assertThat(m.precopyDirtyTracking()).isFalse();
        assertThat(m.noTrackerPolicy()).isEqualTo(MigrationSpec.NoTrackerPolicy.SUSPEND_EARLY);
        assertThat(m.bandwidth()).isEqualTo(MigrationSpec.DEFAULT_BANDWIDTH);
        assertThat(t.steps()).isEmpty();
    }

    @Test
    void unmapsAreTheKernelsToCheck() throws Exception {
        // Unaligned and partial unmaps are valid files; the kernel answers them (KernelAnswersAtRunTimeTest).
        assertThat(load("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x100000, length: 1MiB}
                  - ioas-unmap: {ioas: ioas0, iova: 0x140800, length: 256KiB}
                  - ioas-map: {ioas: ioas0, iova: 0x140000, length: 256KiB}
                """).steps()).hasSize(4);
    }

    @Test
    void stepsExpectedToFailSkipTheKernelsOwnChecks() throws Exception {
        Topology t = load("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x100400, length: 4KiB}
                    expect-error: EINVAL
                  - get-dirty-bitmap: {hwpt: nope, iova: 0, length: 4KiB, page-size: 3KiB}
                    expect-error: ENOENT
                """);
        assertThat(t.steps()).extracting(Step::expectError).containsExactly(null,
                io.ioptexplorer.hardware.errno.Errno.EINVAL, io.ioptexplorer.hardware.errno.Errno.ENOENT);
    }

    @Test
    void oneMistakeIsReportedOnce() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: iosa0}
                  - attach: {device: dev0, hwpt: hwpt0}
                  - set-dirty-tracking: {hwpt: hwpt0, enable: true}
                """)).containsExactly(
                "t.yaml:7:49: ioas 'iosa0' in hwpt-alloc is not defined by an earlier step; did you mean 'ioas0'?"
                        + " (defined so far: ioas0)");
    }
}
