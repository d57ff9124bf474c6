package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.vfio.type1.Type1Container;
import org.junit.jupiter.api.Test;

/** An emulated device in the legacy type1 container next to an iommufd passthrough device. */
class EmulatedDeviceTest {
    private static final long MIB = 1L << 20;

    @Test
    void emulatedDevicesAreTrackedByTheType1ContainerAndNothingIsLost() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(21, log)
                .device(DeviceSpec.of("mdev0", DeviceKind.EMULATED, null,
                        DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.RANDOM, 32 * MIB, 8 * MIB)))
                .build();
        assertThat(m.type1()).isNotNull();
        assertThat(m.type1().isPinnedPageDirtyScope("mdev0")).isTrue();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        assertThat(m.domains()).singleElement().satisfies(d -> assertThat(d.devices()).containsExactly("nic0"));
        MigrationResult r = vmm.migrate(Rigs.link());
        assertThat(r.plan()).extracting(DevicePlan::tracker).containsExactly(TrackerKind.IOMMU, TrackerKind.TYPE1);
        r.rounds().stream().flatMap(rm -> rm.syncs().stream()).filter(s -> s.kind() == TrackerKind.TYPE1)
                .forEach(s -> assertThat(s.reportedPages()).isEqualTo(s.truePages()));
        assertThat(r.rounds().get(0).syncs()).extracting(TrackerSync::tracker).contains("type1");
        assertThat(m.type1().isDirtyTracking()).isFalse();
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void hotpluggedEmulatedDeviceJoinsTheContainer() {
        Machine m = Rigs.nicAndVcpu(22, new EventLog()).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        vmm.hotplug(DeviceSpec.of("mdev1", DeviceKind.EMULATED, null,
                DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.SEQUENTIAL, 40 * MIB, 4 * MIB)));
        assertThat(m.type1().mappings()).hasSize(1);
        assertThat(m.type1().numNonPinnedGroups()).isZero();
        assertThat(Type1Container.PAGE_SIZE).isEqualTo(4096);
        MigrationResult r = vmm.migrate(Rigs.link());
        assertThat(r.verification().mismatches()).isZero();
    }
}
