package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.machine.MachineEvents;
import io.ioptexplorer.hardware.machine.UnitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Capability negotiation at hot-plug: a device behind an IOMMU without dirty tracking cannot join the VM's
 * dirty-tracking HWPT (EINVAL), and the VMM falls back the way the user chose, each step an event.
 */
class HotplugNegotiationTest {
    private static final long MIB = 1L << 20;
    private static final LinkConfig LINK = LinkConfig.of(500_000_000L, 2_000_000L, 6);

    private static DeviceSpec nic(String id, String unit, long base) {
        return DeviceSpec.of(id, DeviceKind.NIC, unit,
                DeviceWorkload.Config.of(100_000_000L, 2048, AccessPattern.RING, base, 2 * MIB));
    }

    private static Machine machine(EventLog log) {
        return new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .iommu(UnitSpec.of("amd-old", IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE))
                .iommu(UnitSpec.of("amd2", IommuModel.AMD_V1))
                .device(nic("nic0", "amd0", 4 * MIB))
                .seed(9)
                .events(log)
                .build();
    }

    @ParameterizedTest
    @EnumSource(HotplugFallback.class)
    void aDeviceWithoutDirtyTrackingIsRefusedThenFallsBackAsChosen(HotplugFallback fallback) {
        EventLog log = new EventLog();
        Machine m = machine(log);
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withHotplugFallback(fallback));
        Hwpt dirtyHwpt = m.hwptOf(m.device("nic0"));
        m.run(5_000_000L, 1_000_000L);

        MachineDevice d = vmm.hotplug(nic("hot", "amd-old", 12 * MIB));

        MachineEvents.AttachRefused refused = log.ofType(MachineEvents.AttachRefused.class).get(0);
        assertThat(refused.deviceId()).isEqualTo("hot");
        assertThat(refused.hwptId()).isEqualTo(dirtyHwpt.id());
        assertThat(refused.errno()).isEqualTo("EINVAL");
        Hwpt second = m.hwptOf(d);
        assertThat(second.id()).isNotEqualTo(dirtyHwpt.id());
        assertThat(second.domain().hasDirtyOps()).isFalse();
        assertThat(log.ofType(VmmEvents.HotplugFallbackApplied.class)).singleElement()
                .satisfies(e -> {
                    assertThat(e.fallback()).isEqualTo(fallback.name());
                    assertThat(e.why()).contains("EINVAL");
                });
        assertThat(vmm.hotplugFallbacks()).containsEntry("hot", fallback);

        MigrationResult r = vmm.migrate(LINK);
        DevicePlan hot = r.plan().stream().filter(p -> p.deviceId().equals("hot")).findFirst().orElseThrow();
        switch (fallback) {
            case SECOND_HWPT_ALL_DIRTY -> {
                assertThat(hot.treatment()).isEqualTo(DevicePlan.Treatment.ALL_DIRTY);
                assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
            }
            case SUSPEND_EARLY -> {
                assertThat(hot.treatment()).isEqualTo(DevicePlan.Treatment.SUSPENDED_EARLY);
                assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
            }
            case BLOCK_MIGRATION -> {
                assertThat(hot.treatment()).isEqualTo(DevicePlan.Treatment.BLOCKED);
                assertThat(r.result()).isEqualTo(MigrationResult.Result.BLOCKED);
            }
            default -> throw new IllegalStateException();
        }
        // The original device stays IOMMU-tracked in every case.
        assertThat(r.plan().get(0).tracker()).isEqualTo(TrackerKind.IOMMU);
        if (r.verification() != null) {
            assertThat(r.verification().mismatches()).isZero();
        }
    }

    @Test
    void aDirtyCapableDeviceJoinsTheExistingDirtyHwpt() {
        EventLog log = new EventLog();
        Machine m = machine(log);
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        MachineDevice d = vmm.hotplug(nic("hot", "amd2", 12 * MIB));
        assertThat(m.hwptOf(d)).isSameAs(m.hwptOf(m.device("nic0")));
        assertThat(log.ofType(MachineEvents.AttachRefused.class)).isEmpty();
        assertThat(log.ofType(VmmEvents.HotplugFallbackApplied.class)).isEmpty();
        MigrationResult r = vmm.migrate(LINK);
        assertThat(r.plan()).allSatisfy(p -> assertThat(p.tracker()).isEqualTo(TrackerKind.IOMMU));
        assertThat(r.verification().mismatches()).isZero();
    }
}
