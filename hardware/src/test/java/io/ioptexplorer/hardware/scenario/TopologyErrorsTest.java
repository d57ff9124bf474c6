package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of validation error, each asserting the exact file:line:column and message. */
class TopologyErrorsTest {

    /** Five lines; steps start on line 6 with the operation at column 5. */
    static final String HEADER = """
            name: t
            iommus: [{id: amd0, model: amd-v1}, {id: mock0, model: mock}]
            vm: {memory: 1GiB}
            devices: [{id: dev0, kind: nic, iommu: amd0}, {id: dev1, kind: generic, iommu: mock0}]
            steps:
            """;

    static List<String> problems(String yaml) {
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load("t.yaml", yaml));
        assertThat(e).as("expected a TopologyException for:\n" + yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    static List<String> stepProblems(String steps) {
        return problems(HEADER + steps);
    }

    @Test
    void headerAloneIsValid() throws Exception {
        assertThat(TopologyLoader.load("t.yaml", HEADER + "  - ioas-alloc: {id: ioas0}\n").steps()).hasSize(1);
    }

    @Test
    void unknownKeyWithDidYouMean() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x1000000, lenght: 128KiB}
                """)).containsExactly(
                "t.yaml:7:15: missing required key 'length' in ioas-map (a size such as 4KiB, 2MiB or 0x1000)",
                "t.yaml:7:46: unknown key 'lenght' in ioas-map; did you mean 'length'?");
    }

    @Test
    void unknownKeyWithoutACloseMatchListsTheKeys() {
        assertThat(stepProblems("  - get-hw-info: {device: dev0, verbose: true}\n")).containsExactly(
                "t.yaml:6:33: unknown key 'verbose' in get-hw-info; expected one of: device");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(problems("nmae: x\n" + HEADER.substring(HEADER.indexOf('\n') + 1))).containsExactly(
                "t.yaml:1:1: missing required key 'name' in the top level (text)",
                "t.yaml:1:1: unknown key 'nmae' in the top level; did you mean 'name'?");
    }

    @Test
    void unknownOperation() {
        assertThat(stepProblems("  - ioas-mapp: {ioas: ioas0}\n")).containsExactly(
                "t.yaml:6:5: unknown operation 'ioas-mapp' in step 1; did you mean 'ioas-map'?");
    }

    @Test
    void missingRequiredKeys() {
        assertThat(problems("name: t\nvm: {memory: 1GiB}\n")).containsExactly(
                "t.yaml:1:1: missing required key 'iommus' in the top level (a list)",
                "t.yaml:1:1: missing required key 'devices' in the top level (a list)");
        assertThat(stepProblems("  - hwpt-alloc: {id: hwpt0, ioas: ioas0}\n")).contains(
                "t.yaml:6:17: missing required key 'device' in hwpt-alloc (the id of a device)");
    }

    @Test
    void wrongTypes() {
        assertThat(problems("""
                name: t
                iommus: {id: amd0}
                vm: {memory: [1, 2], vcpus: two}
                devices: []
                """)).containsExactly(
                "t.yaml:2:9: 'iommus' in the top level must be a list, such as [{id: iommu0, model: amd-v1}], not a"
                        + " mapping",
                "t.yaml:3:14: 'memory' in vm must be a size such as 4KiB, 2MiB or 0x1000, not a list",
                "t.yaml:3:29: 'vcpus' in vm: 'two' is not an integer; write a whole number such as 4 or 0x10");
        assertThat(stepProblems("  - set-dirty-tracking: {hwpt: hwpt0, enable: 1}\n")).contains(
                "t.yaml:6:47: 'enable' in set-dirty-tracking must be true or false, not the number 1");
    }

    @Test
    void badUnitsSayWhatIsRight() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas0, iova: 0x1000000, length: 128Kib}
                """)).containsExactly(
                "t.yaml:7:54: 'length' in ioas-map: unknown size unit 'Kib' in '128Kib'; did you mean 'KiB'? (units:"
                        + " B, KiB, MiB, GiB, TiB, PiB, EiB, KB, MB, GB, TB, PB)");
        assertThat(stepProblems("  - dma: {device: dev0, iova: -4096, length: 4KiB}\n")).containsExactly(
                "t.yaml:6:31: 'iova' in dma: '-4096' is negative; an IOVA must be 0 or more");
    }

    @Test
    void unknownEnumValues() {
        assertThat(problems("""
                name: t
                iommus: [{id: amd0, model: amd-v2, features: [dirty-tracking, dirty-trackin]}]
                vm: {memory: 1GiB, vcpu-workload: {rate: 1MiB/s, pattern: zipff}}
                devices: [{id: d, kind: nick, iommu: amd0}]
                """)).containsExactly(
                "t.yaml:2:28: unknown IOMMU model 'amd-v2' in iommu 'amd0'; did you mean 'amd-v1'? (expected one of:"
                        + " amd-v1, vtd-ss, smmuv3, riscv, mock)",
                "t.yaml:2:63: unknown feature 'dirty-trackin' in iommu 'amd0'; did you mean 'dirty-tracking'?"
                        + " (expected one of: dirty-tracking, access-tracking)",
                "t.yaml:3:59: unknown pattern 'zipff' in vm vcpu-workload; did you mean 'zipf'? (expected one of:"
                        + " ring, sequential, random, zipf, burst)",
                "t.yaml:4:25: unknown device kind 'nick' in device 'd'; did you mean 'nic'? (expected one of: nic,"
                        + " storage, gpu, generic, emulated)");
    }

    @Test
    void unknownVfioStateAndErrno() {
        assertThat(stepProblems("""
                  - mig-state: {device: dev0, state: STOP_COPYY}
                  - get-hw-info: {device: dev0}
                    expect-error: EINVL
                """)).containsExactly(
                "t.yaml:6:38: unknown VFIO migration state 'STOP_COPYY' in mig-state; did you mean 'STOP_COPY'?"
                        + " (expected one of: ERROR, STOP, RUNNING, STOP_COPY, RESUMING, RUNNING_P2P, PRE_COPY,"
                        + " PRE_COPY_P2P)",
                "t.yaml:8:19: unknown errno 'EINVL' in expect-error; did you mean 'EINVAL'? (expected one of: ENOENT,"
                        + " E2BIG, ENOMEM, EFAULT, EBUSY, ENODEV, EEXIST, EINVAL, ENOSPC, ENOTTY, ENOMSG, EOVERFLOW,"
                        + " EOPNOTSUPP, EADDRINUSE)");
    }

    @Test
    void levelsPerModel() {
        assertThat(problems("""
                name: t
                iommus:
                  - {id: a, model: amd-v1, levels: 7}
                  - {id: v, model: vtd-ss, levels: 6}
                  - {id: m, model: mock, levels: 4}
                vm: {memory: 1GiB}
                devices: []
                """)).containsExactly(
                "t.yaml:3:36: 'levels' in iommu 'a' (amd-v1) is 7; amd-v1 page tables have 3 to 6 levels",
                "t.yaml:4:36: 'levels' in iommu 'v' (vtd-ss) is 6; vtd-ss page tables have 3 to 5 levels",
                "t.yaml:5:26: 'levels' does not apply to iommu 'm' (mock); mock takes no model parameters");
    }

    @Test
    void smmuStageAndGranuleAndRiscvMode() {
        assertThat(problems("""
                name: t
                iommus:
                  - {id: s, model: smmuv3, stage: 3, granule: 8KiB}
                  - {id: r, model: riscv, mode: sv40}
                vm: {memory: 1GiB}
                devices: []
                """)).containsExactly(
                "t.yaml:3:35: 'stage' in iommu 's' (smmuv3) is 3; an SMMUv3 translates at stage 1 or stage 2",
                "t.yaml:3:47: 'granule' in iommu 's' (smmuv3) is 8 KiB; SMMUv3 granules are 4KiB, 16KiB or 64KiB",
                "t.yaml:4:33: unknown RISC-V mode 'sv40' in iommu 'r'; did you mean 'sv48'? (expected one of: sv39,"
                        + " sv48, sv57)");
    }

    @Test
    void iotlbWaysMustDivideEntries() {
        assertThat(problems("""
                name: t
                iommus: [{id: a, model: vtd-ss, iotlb: {entries: 100, ways: 8}}]
                vm: {memory: 1GiB}
                devices: []
                """)).containsExactly(
                "t.yaml:2:61: 'ways' 8 in iommu 'a' iotlb does not divide 'entries' 100; use a number of ways that"
                        + " divides it, such as 5");
    }

    @Test
    void readRatioMustBeBetweenZeroAndOne() {
        assertThat(problems("""
                name: t
                iommus: []
                vm: {memory: 1GiB, vcpu-workload: {rate: 1MiB/s, read-ratio: 1.5}}
                devices: []
                """)).containsExactly(
                "t.yaml:3:62: 'read-ratio' in vm vcpu-workload is 1.5; it must be between 0 and 1 (0: all writes, 1:"
                        + " all reads)");
    }

    @Test
    void duplicateIds() {
        assertThat(problems("""
                name: t
                iommus: [{id: a, model: mock}, {id: a, model: mock}]
                vm: {memory: 1GiB}
                devices: [{id: d, kind: nic, iommu: a}, {id: d, kind: gpu, iommu: a}]
                steps:
                  - ioas-alloc: {id: ioas0}
                  - ioas-alloc: {id: ioas0}
                """)).containsExactly(
                "t.yaml:2:37: duplicate iommu id 'a'; it is already used at line 2, column 15; give each IOMMU its own"
                        + " id",
                "t.yaml:4:46: duplicate device id 'd'; it is already used at line 4, column 16; give each device its"
                        + " own id",
                "t.yaml:7:22: id 'ioas0' in ioas-alloc is already used by the step at line 6; give each IOAS and HWPT"
                        + " its own id");
    }

    @Test
    void deviceOnAMissingIommu() {
        assertThat(problems("""
                name: t
                iommus: [{id: amd0, model: amd-v1}]
                vm: {memory: 1GiB}
                devices: [{id: nic0, kind: nic, iommu: amd1}, {id: st0, kind: storage}]
                """)).containsExactly(
                "t.yaml:4:40: device 'nic0' names iommu 'amd1', which is not defined; did you mean 'amd0'? (iommus:"
                        + " amd0)",
                "t.yaml:4:47: missing required key 'iommu' in device 'st0' (the id of its IOMMU, one of: amd0); only"
                        + " emulated devices sit behind no IOMMU");
    }

    @Test
    void stepNamingMissingObjects() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - ioas-map: {ioas: ioas1, iova: 0x1000000, length: 128KiB}
                  - attach: {device: dev9, hwpt: hwpt0}
                  - set-dirty-tracking: {hwpt: hwpt1, enable: true}
                  - hwpt-alloc: {id: hwpt1, device: dev0, ioas: ioas0}
                """)).containsExactly(
                "t.yaml:7:22: ioas 'ioas1' in ioas-map is not defined by an earlier step; did you mean 'ioas0'?"
                        + " (defined so far: ioas0)",
                "t.yaml:8:22: attach names device 'dev9', which is not defined; did you mean 'dev0'? (devices: dev0,"
                        + " dev1)",
                "t.yaml:8:34: hwpt 'hwpt0' in attach is not defined; no hwpt exists yet, so add an hwpt-alloc step"
                        + " before this one",
                "t.yaml:9:32: hwpt 'hwpt1' in set-dirty-tracking is used before the hwpt-alloc at line 10 that"
                        + " creates it; move that step earlier");
    }

    @Test
    void objectsWhoseCreationIsExpectedToFailNeverExist() {
        assertThat(stepProblems("""
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt1, device: dev1, ioas: ioas0, dirty-tracking: true}
                    expect-error: EOPNOTSUPP
                  - set-dirty-tracking: {hwpt: hwpt1, enable: true}
                """)).containsExactly(
                "t.yaml:9:32: hwpt 'hwpt1' in set-dirty-tracking never exists: the hwpt-alloc at line 7 expects it to"
                        + " fail with EOPNOTSUPP; refer to an object that was created");
    }

    @Test
    void hugepagesNoIommuCanUse() {
        assertThat(problems("""
                name: t
                iommus: [{id: v, model: vtd-ss}]
                vm: {memory: 1GiB, hugepages: 64KiB}
                devices: []
                """)).containsExactly(
                "t.yaml:3:31: 'hugepages' in vm is 64 KiB, a page size no IOMMU here can use; use one of 4KiB, 2MiB,"
                        + " 1GiB");
        assertThat(problems("""
                name: t
                iommus: [{id: v, model: vtd-ss}]
                vm: {memory: 1GiB, hugepages: 3MiB}
                devices: []
                """)).containsExactly(
                "t.yaml:3:31: 'hugepages' in vm is 3 MiB, not a power of two; page sizes are powers of two such as"
                        + " 4KiB, 2MiB or 1GiB");
    }

    @Test
    void expectWithUnknownResultKeys() {
        assertThat(stepProblems("""
                  - get-hw-info: {device: dev0}
                    expect: {dirty_tracking: true}
                  - get-hw-info: {device: dev0}
                    expect: {colour: blue}
                  - ioas-alloc: {id: ioas0}
                    expect: {id: ioas0}
                """)).containsExactly(
                "t.yaml:7:14: unknown result 'dirty_tracking' in expect of get-hw-info; did you mean"
                        + " 'dirty-tracking'?",
                "t.yaml:9:14: unknown result 'colour' in expect of get-hw-info; get-hw-info results are:"
                        + " dirty-tracking, model, page-sizes",
                "t.yaml:11:5: ioas-alloc has no results to check; remove 'expect' (use expect-error to check that it"
                        + " fails)");
    }

    @Test
    void expectValuesAreTyped() {
        assertThat(stepProblems("""
                  - migrate: {}
                    expect: {result: complete, lost-pages: none}
                """)).containsExactly(
                "t.yaml:7:22: 'result' in expect of migrate must be one of completed, failed, cancelled, blocked, did"
                        + " you mean 'completed'? — not the text 'complete'",
                "t.yaml:7:44: 'lost-pages' in expect of migrate: 'none' is not an integer; write a whole number such"
                        + " as 4 or 0x10");
    }

    @Test
    void stepWithBothExpectAndExpectError() {
        assertThat(stepProblems("""
                  - get-hw-info: {device: dev0}
                    expect: {dirty-tracking: true}
                    expect-error: EINVAL
                """)).containsExactly(
                "t.yaml:8:5: step 1 (get-hw-info) has both 'expect' and 'expect-error'; keep one: a step either"
                        + " succeeds with results or fails with an errno");
    }

    @Test
    void stepWithTwoOperations() {
        assertThat(stepProblems("""
                  - attach: {device: dev0, ioas: ioas0}
                    detach: {device: dev0}
                """)).containsExactly(
                "t.yaml:7:5: step 1 has two operations, 'attach' and 'detach'; a step has exactly one, so split it"
                        + " into two steps");
    }

    @Test
    void migrationFlagsNeedStopCopy() {
        assertThat(problems("""
                name: t
                iommus: [{id: a, model: mock}]
                vm: {memory: 1GiB}
                devices: [{id: d, kind: nic, iommu: a, migration-flags: [pre-copy]}]
                """)).containsExactly(
                "t.yaml:4:57: 'migration-flags' in device 'd' lacks stop-copy; VFIO requires every migratable device"
                        + " to support stop-copy; add it, or leave the list empty for a device that cannot migrate");
    }

    @Test
    void trackersAndDirtyTrackingOverrides() {
        assertThat(problems("""
                name: t
                iommus: [{id: a, model: mock}]
                vm: {memory: 1GiB}
                devices:
                  - {id: d, kind: nic, iommu: a, tracker: {kind: mlx6, max-ranges: 4}}
                  - {id: e, kind: nic, iommu: a, tracker: none, dirty-tracking: device}
                  - {id: f, kind: nic, iommu: a, tracker: {kind: pds, max-ranges: 0, page-sizes: [4KiB]}}
                """)).containsExactly(
                "t.yaml:5:50: unknown tracker kind 'mlx6' in device 'd' tracker; did you mean 'mlx5'? (expected one"
                        + " of: none, mlx5, pds)",
                "t.yaml:6:65: device 'e' asks for dirty-tracking: device but has no device tracker; add a tracker such"
                        + " as {kind: mlx5, max-ranges: 4, page-sizes: [4KiB]} or use iommu, auto or none",
                "t.yaml:7:67: 'max-ranges' in device 'f' tracker is 0; it must be between 1 and 65536");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load("t.yaml", """
                name: t
                iommus: [{id: a, model: amd-v2}]
                vm: {memory: 1GiB, hugepage: 2MiB}
                devices: [{id: d, kind: nic, iommu: a}]
                migration: {bandwidth: 10Gbit, max-round: 3}
                """));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage().lines()).containsExactly(
                "t.yaml:2:25: unknown IOMMU model 'amd-v2' in iommu 'a'; did you mean 'amd-v1'? (expected one of:"
                        + " amd-v1, vtd-ss, smmuv3, riscv, mock)",
                "t.yaml:3:20: unknown key 'hugepage' in vm; did you mean 'hugepages'?",
                "t.yaml:5:24: 'bandwidth' in migration: '10Gbit' is not a rate; write it as a number, a unit and /s,"
                        + " such as 200MiB/s, 1GB/s or 10Gbit/s",
                "t.yaml:5:32: unknown key 'max-round' in migration; did you mean 'max-rounds'?");
    }

    @Test
    void theExampleMessageOfTheIssue() {
        String text = """
                name: x
                iommus: [{id: mock0, model: mock, features: [dirty-tracking]}]
                vm: {memory: 64MiB}
                devices: [{id: dev0, kind: generic, iommu: mock0}]
                steps:
                  - ioas-alloc: {id: ioas0}
                  - ioas-map:
                      ioas: ioas0
                      iova: 0x1000000
                      length: 128KiB
                  - ioas-map:
                      ioas: ioas0
                      iova: 0x2000000
                      lenght: 128KiB
                      length: 128KiB
                """;
        assertThat(problems(text)).containsExactly(
                "t.yaml:14:7: unknown key 'lenght' in ioas-map; did you mean 'length'?");
    }

    @Test
    void aGuestTheSimulatorCannotCarryIsAValidationErrorSayingTheLargest() {
        assertThat(problems("""
                name: t
                iommus: []
                vm: {memory: 64PiB}
                devices: []
                """)).containsExactly("t.yaml:3:14: 'memory' in vm is 64 PiB, more than the simulator can carry: the"
                + " largest guest it can simulate has " + Units.formatSize(io.ioptexplorer.hardware.kvm.VcpuDirtyLog
                .MAX_GUEST_MEMORY) + " (0x1fffffffc0000 bytes, one KVM dirty bitmap of at most 2^31-1 words); use at"
                + " most that");
    }
}
