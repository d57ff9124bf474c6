package io.ioptexplorer.hardware.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineBuilderTest {
    private static final long MIB = 1L << 20;

    private static DeviceSpec dev(String id, String unit) {
        return DeviceSpec.of(id, DeviceKind.STORAGE, unit,
                DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.RANDOM, 0, 4 * MIB));
    }

    private static MachineBuilder topology(EventLog log) {
        return new MachineBuilder()
                .guestMemory(64 * MIB, 2 * MIB)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .iommu(UnitSpec.of("amd1", IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE))
                .iommu(UnitSpec.of("vtd0", IommuModel.VTD_SS))
                .device(dev("a", "amd0"))
                .device(dev("b", "amd0"))
                .device(dev("c", "amd1"))
                .device(dev("d", "vtd0"))
                .events(log);
    }

    @Test
    void vmStartAllocatesOneHwptPerUnitWithDirtyTrackingWhereGetHwInfoSaysSo() {
        EventLog log = new EventLog();
        Machine m = topology(log).buildAsVmm(true);
        assertThat(m.domains()).hasSize(3);
        Map<String, DomainView> byUnit = new java.util.HashMap<>();
        m.domains().forEach(d -> byUnit.put(d.unitId(), d));
        assertThat(byUnit.get("amd0").dirtyOps()).isTrue();
        assertThat(byUnit.get("amd0").devices()).containsExactlyInAnyOrder("a", "b");
        assertThat(byUnit.get("amd1").dirtyOps()).isFalse();
        assertThat(byUnit.get("vtd0").dirtyOps()).isTrue();
        assertThat(byUnit.values()).allSatisfy(d -> {
            assertThat(d.leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L)); // 64 MiB on 2 MiB leaves
            assertThat(d.mappedBytes()).isEqualTo(64 * MIB);
            assertThat(d.dirtyTracking()).isFalse();
        });
        assertThat(log.ofType(MachineEvents.CapabilityNegotiated.class))
                .extracting(MachineEvents.CapabilityNegotiated::deviceId,
                        MachineEvents.CapabilityNegotiated::dirtyCapable, MachineEvents.CapabilityNegotiated::allocated)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", true, true),
                        org.assertj.core.groups.Tuple.tuple("b", true, false),
                        org.assertj.core.groups.Tuple.tuple("c", false, true),
                        org.assertj.core.groups.Tuple.tuple("d", true, true));
    }

    @Test
    void hugePagesOffMapsWithBasePagesOnly() {
        Machine m = topology(new EventLog()).buildAsVmm(false);
        assertThat(m.domains()).allSatisfy(d -> assertThat(d.leavesBySize()).containsOnlyKeys(4096L));
    }

    @Test
    void devicesRunAndWriteGuestMemoryThroughTheirIommu() {
        Machine m = topology(new EventLog()).vcpus(VcpuSpec.bitmap(VcpuWorkload.Config.of(10_000_000L, 4096,
                VcpuWorkload.Pattern.SEQUENTIAL, 0, 64 * MIB, 1))).buildAsVmm(true);
        m.run(10_000_000L, 1_000_000L);
        assertThat(m.clock().now()).isEqualTo(10_000_000L);
        assertThat(m.devices()).allSatisfy(d -> assertThat(d.dma().stats().writes()).isPositive());
        assertThat(m.iotlbStats().get("amd0").hits()).isPositive();
        assertThat(m.takeVcpuTruth().cardinality()).isEqualTo(24); // 10 MB/s for 10 ms = 24 pages
        assertThat(m.memory().takeTruth().cardinality()).isPositive();
    }

    @Test
    void reportsDeviceTrackers() {
        Machine m = new MachineBuilder()
                .iommu(UnitSpec.of("u", IommuModel.AMD_V1))
                .device(dev("x", "u").withTracker(DeviceTrackerSpec.mlx5()))
                .device(dev("y", "u"))
                .device(DeviceSpec.of("z", DeviceKind.EMULATED, null, null))
                .buildAsVmm(true);
        assertThat(m.trackers()).extracting(DeviceTrackerView::deviceId, DeviceTrackerView::style,
                DeviceTrackerView::logging).containsExactly(org.assertj.core.groups.Tuple.tuple("x", "mlx5", false),
                org.assertj.core.groups.Tuple.tuple("z", "type1", false));
    }

    @Test
    void rejectsInconsistentTopologies() {
        assertThatThrownBy(() -> new MachineBuilder().iommu(UnitSpec.of("u", IommuModel.AMD_V1))
                .device(dev("x", "nope")).build()).hasMessageContaining("unknown IOMMU unit");
        assertThatThrownBy(() -> new MachineBuilder().iommu(UnitSpec.of("u", IommuModel.AMD_V1))
                .iommu(UnitSpec.of("u", IommuModel.VTD_SS)).build()).hasMessageContaining("twice");
        assertThatThrownBy(() -> new MachineBuilder().guestMemory(2 * MIB, 4096).iommu(UnitSpec.of("u",
                IommuModel.AMD_V1)).device(dev("x", "u")).build()).hasMessageContaining("outside guest memory");
    }
}
