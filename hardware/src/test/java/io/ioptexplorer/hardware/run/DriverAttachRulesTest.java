package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each driver's attach rule for a domain allocated on another IOMMU instance, answered at run time with the driver's
 * errno on the step, in the JSON report and in {@code validate}'s dry-run warning: VT-d {@code
 * paging_domain_compatible} check by check, AMD {@code amd_iommu_attach_device}, SMMUv3 {@code arm_smmu_attach_dev},
 * RISC-V {@code riscv_iommu_attach_paging_domain}; and QEMU's VFIO migration blocker for a device without migration
 * ops ({@code vfio_migration_realize}).
 */
class DriverAttachRulesTest {

    private record Outcome(List<StepResult> results, List<Map<String, Object>> report, List<DryRun.Warning> warnings) {
        void failsWith(int index, Errno errno, String why) {
            StepResult r = results.get(index);
            assertThat(r.errno()).as("errno of step %d: %s", index, r.error()).isEqualTo(errno);
            assertThat(r.error()).contains(why);
            assertThat(report.get(index)).containsEntry("errno", errno.name()).containsEntry("ok", false);
            assertThat(warnings).anySatisfy(w -> {
                assertThat(w.index()).isEqualTo(index);
                assertThat(w.errno()).isEqualTo(errno);
                assertThat(w.toString()).contains("will fail with " + errno.name());
            });
        }

        void succeeds(int index) {
            assertThat(results.get(index).ok()).as("step %d: %s", index, results.get(index).error()).isTrue();
            assertThat(warnings).noneMatch(w -> w.index() == index);
        }
    }

    @SuppressWarnings("unchecked")
    private static Outcome run(String iommus, String devices, String steps) throws Exception {
        Topology t = TopologyLoader.load("t.yaml", "name: t\niommus: " + iommus + "\nvm: {memory: 1GiB}\ndevices: "
                + devices + "\nsteps:\n" + steps);
        ScenarioRun run = new ScenarioRun(t, 1, EventSink.NONE);
        List<StepResult> results = run.runAll(null);
        List<Map<String, Object>> report = (List<Map<String, Object>>) RunReport.tree(run).get("steps");
        return new Outcome(results, report, DryRun.of(t, 1));
    }

    private static final String TWO_DEVICES = "[{id: a, kind: nic, iommu: u0}, {id: b, kind: nic, iommu: u1}]";

    /** ioas0, hwpt0 allocated for device a (on u0), a attached, then b (on u1) attached to hwpt0: step index 3. */
    private static final String SHARE = """
              - ioas-alloc: {id: ioas0}
              - hwpt-alloc: {id: hwpt0, device: a, ioas: ioas0}
              - attach: {device: a, hwpt: hwpt0}
              - attach: {device: b, hwpt: hwpt0}
            """;

    @Test
    void vtdSpansUnitsWithTheSameCapabilities() throws Exception {
        Outcome o = run("[{id: u0, model: vtd-ss}, {id: u1, model: vtd-ss}]", TWO_DEVICES, SHARE);
        o.succeeds(3);
    }

    @Test
    void vtdRefusesADomainWith1GiBPagesOnAUnitWithoutSslps1G() throws Exception {
        Outcome o = run("[{id: u0, model: vtd-ss}, {id: u1, model: vtd-ss, super-pages: [2MiB]}]", TWO_DEVICES,
                SHARE);
        o.failsWith(3, Errno.EINVAL, "CAP.SSLPS bit 1");
        assertThat(o.results.get(3).error()).contains("paging_domain_compatible");
    }

    @Test
    void vtdDomainOfASmallerUnitAttachesToALargerOne() throws Exception {
        // The domain allocated on u0 has only 4 KiB and 2 MiB in its pgsize_bitmap: u1 (with 1 GiB) can take it.
        Outcome o = run("[{id: u0, model: vtd-ss, super-pages: [2MiB]}, {id: u1, model: vtd-ss}]", TWO_DEVICES,
                SHARE + "  - get-hw-info: {device: a}\n");
        o.succeeds(3);
        assertThat(o.results.get(4).result().get("page-sizes")).isEqualTo(List.of(4096L, 2L << 20));
    }

    @Test
    void vtdForceSnoopingNeedsEcapScOnTheNewUnit() throws Exception {
        Outcome o = run("[{id: u0, model: vtd-ss}, {id: u1, model: vtd-ss, snoop-control: false}]", TWO_DEVICES,
                SHARE);
        o.failsWith(3, Errno.EINVAL, "ECAP.SC is 0");
    }

    @Test
    void iommufdCannotEnforceCoherencyOnADomainThatServesAUnitWithoutSnoopControl() throws Exception {
        // hwpt0 is allocated for b (no ECAP.SC), so it does not force snooping; a's unit enforces cache coherency
        // and iommufd_hwpt_paging_enforce_cc fails: the domain already serves a unit without SC.
        Outcome o = run("[{id: u0, model: vtd-ss}, {id: u1, model: vtd-ss, snoop-control: false}]", TWO_DEVICES, """
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: b, ioas: ioas0}
                  - attach: {device: b, hwpt: hwpt0}
                  - attach: {device: a, hwpt: hwpt0}
                """);
        o.failsWith(3, Errno.EINVAL, "iommufd_hwpt_paging_enforce_cc");
    }

    @Test
    void vtdWithoutSecondStageTakesNoSecondStageDomain() throws Exception {
        Outcome o = run("[{id: u0, model: vtd-ss}, {id: u1, model: vtd-ss, second-stage: false}]", TWO_DEVICES,
                SHARE + "  - hwpt-alloc: {id: hwpt1, device: b, ioas: ioas0}\n");
        o.failsWith(3, Errno.EINVAL, "ECAP.SLTS is 0");
        o.failsWith(4, Errno.EOPNOTSUPP, "first-stage VT-d domains are not simulated");
    }

    @Test
    void vtdAddressWidthOfTheDomainMustFitTheUnit() throws Exception {
        String units = "[{id: u0, model: vtd-ss, levels: 5}, {id: u1, model: vtd-ss, levels: 4}]";
        run(units, TWO_DEVICES, SHARE).failsWith(3, Errno.EINVAL, "57-bit address width");
        // The other way round: a 48-bit domain fits a unit that adjusts 57 bits.
        Outcome o = run(units, TWO_DEVICES, """
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: b, ioas: ioas0}
                  - attach: {device: b, hwpt: hwpt0}
                  - attach: {device: a, hwpt: hwpt0}
                """);
        o.succeeds(3);
    }

    @Test
    void vtdDirtyDomainNeedsSsadsOnTheNewUnit() throws Exception {
        Outcome o = run("[{id: u0, model: vtd-ss, features: [dirty-tracking]}, {id: u1, model: vtd-ss}]",
                TWO_DEVICES, """
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: a, ioas: ioas0, dirty-tracking: true}
                  - attach: {device: a, hwpt: hwpt0}
                  - attach: {device: b, hwpt: hwpt0}
                """);
        o.failsWith(3, Errno.EINVAL, "ssads_supported");
    }

    @Test
    void amdSpansUnitsAndEnforcesOnlyDirtyTracking() throws Exception {
        String units = "[{id: u0, model: amd-v1, features: [dirty-tracking]}, {id: u1, model: amd-v1, levels: 3}]";
        run(units, TWO_DEVICES, SHARE).succeeds(3);
        Outcome o = run(units, TWO_DEVICES, """
                  - ioas-alloc: {id: ioas0}
                  - hwpt-alloc: {id: hwpt0, device: a, ioas: ioas0, dirty-tracking: true}
                  - attach: {device: a, hwpt: hwpt0}
                  - attach: {device: b, hwpt: hwpt0}
                """);
        o.failsWith(3, Errno.EINVAL, "dirty tracking is enforced per unit on attach"); // amd_iommu_attach_device
    }

    @Test
    void smmuv3RefusesADomainOfAnotherSmmu() throws Exception {
        Outcome o = run("[{id: u0, model: smmuv3}, {id: u1, model: smmuv3}]", TWO_DEVICES, SHARE);
        o.failsWith(3, Errno.EINVAL, "arm_smmu_attach_dev");
    }

    @Test
    void riscvSpansUnitsThatSupportTheDomainsModeElseEnodev() throws Exception {
        run("[{id: u0, model: riscv, mode: sv57}, {id: u1, model: riscv, mode: sv48}]", TWO_DEVICES, SHARE)
                .failsWith(3, Errno.ENODEV, "riscv_iommu_pt_supported");
        run("[{id: u0, model: riscv, mode: sv39}, {id: u1, model: riscv, mode: sv48}]", TWO_DEVICES, SHARE)
                .succeeds(3);
    }

    @Test
    void vtdCapabilityKeysAreCheckedInTheFile() {
        assertThatThrownBy(() -> TopologyLoader.load("t.yaml", """
                name: t
                iommus: [{id: u0, model: amd-v1, super-pages: [2MiB]}, {id: u1, model: vtd-ss, super-pages: [4KiB]}]
                vm: {memory: 1GiB}
                devices: []
                """)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("t.yaml:2:34: 'super-pages' does not apply to iommu 'u0' (amd-v1)")
                .hasMessageContaining("t.yaml:2:94: 'super-pages' in iommu 'u1' (vtd-ss) lists 4 KiB; VT-d"
                        + " second-stage super pages (CAP.SSLPS) are 2MiB and 1GiB");
    }

    @Test
    void migrateWithADeviceWithoutMigrationOpsIsRefusedUpFrontLikeQemusBlocker() throws Exception {
        Outcome o = run("[{id: u0, model: amd-v1, features: [dirty-tracking]}]",
                "[{id: a, kind: nic, iommu: u0, migration-flags: []}]", """
                  - ioas-alloc: {id: ioas0}
                  - attach: {device: a, ioas: ioas0}
                  - migrate: {}
                """);
        o.failsWith(2, Errno.ENOTTY, "migration refused before it started");
        assertThat(o.results.get(2).error()).contains("a: VFIO migration is not supported in kernel")
                .contains("migrate_add_blocker");
        assertThat(o.results.get(2).result()).doesNotContainKey("rounds"); // no round ran
    }
}
