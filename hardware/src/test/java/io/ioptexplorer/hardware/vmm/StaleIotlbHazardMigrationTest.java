package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.events.DirtyFlushSkipped;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hazard switch: an IOMMU-tracked device's unit skips the IOTLB flush after Dirty bits are cleaned. The device
 * keeps rewriting a small working set that stays in the IOTLB, cached as dirty, so its writes never reach the page
 * table again; the syncs miss them and the verifier must name the lost pages. The same run with the switch off loses
 * nothing (no false alarm).
 */
class StaleIotlbHazardMigrationTest {
    private static final long MIB = 1L << 20;

    /** The dirty-capable models (an SMMUv3 stage-2 unit answers no to IOMMU_CAP_DIRTY_TRACKING here). */
    enum Model { AMD_V1, VTD_SS, SMMUV3_S1 }

    private static UnitSpec unit(Model model, boolean skip) {
        UnitSpec u = switch (model) {
            case AMD_V1 -> UnitSpec.of("iommu0", IommuModel.AMD_V1);
            case VTD_SS -> UnitSpec.of("iommu0", IommuModel.VTD_SS);
            case SMMUV3_S1 -> UnitSpec.of("iommu0", IommuModel.SMMUV3);
        };
        return u.withIotlb(64, 4).withFaults(new IommuFaults(skip));
    }

    private static MigrationResult run(Model model, boolean skip, int workingSetPages, long seed, EventLog log) {
        long ws = workingSetPages * 4096L;
        Machine m = new MachineBuilder()
                .guestMemory(16 * MIB, 4096)
                .iommu(unit(model, skip))
                .device(DeviceSpec.of("dev0", DeviceKind.GENERIC, "iommu0",
                        DeviceWorkload.Config.of(400_000_000L, 4096, AccessPattern.SEQUENTIAL, 4 * MIB, ws)))
                .vcpus(VcpuSpec.bitmap(VcpuWorkload.Config.of(20_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 8 * MIB,
                        8 * MIB, 1)))
                .seed(seed)
                .events(log)
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withDefaultChoice(TrackerChoice.IOMMU));
        // Downtime limit 0: the vCPU keeps every round non-empty, so all 5 rounds run while the device rewrites its
        // pages behind the stale IOTLB entries.
        MigrationResult r = vmm.migrate(new LinkConfig(200_000_000L, 0, 5, 100_000L));
        assertThat(r.result()).as(r.reason()).isEqualTo(MigrationResult.Result.COMPLETED);
        return r;
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void skippedFlushLosesPagesAndTheVerifierNamesThem(Model model) {
        EventLog log = new EventLog();
        MigrationResult r = run(model, true, 16, 1, log);
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(log.ofType(DirtyFlushSkipped.class)).isNotEmpty();
        assertThat(r.verification().mismatches()).isPositive();
        assertThat(r.verification().lostIovas()).allSatisfy(iova ->
                assertThat(iova).isBetween(4 * MIB, 4 * MIB + 16 * 4096L - 1));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void withTheFlushNothingIsLost(Model model) {
        EventLog log = new EventLog();
        MigrationResult r = run(model, false, 16, 1, log);
        assertThat(log.ofType(DirtyFlushSkipped.class)).isEmpty();
        assertThat(r.verification().mismatches()).isZero();
    }

    /** The verifier raises the alarm exactly when the switch is on, for any working set the IOTLB holds. */
    @Property(tries = 60)
    void lostPagesIffTheSwitchIsOn(@ForAll Model model, @ForAll @IntRange(min = 1, max = 48) int pages,
                                   @ForAll boolean skip, @ForAll long seed) {
        MigrationResult r = run(model, skip, pages, seed, new EventLog());
        assertThat(r.verification().mismatches() > 0).as(model + " pages=" + pages + " skip=" + skip).isEqualTo(skip);
    }
}
