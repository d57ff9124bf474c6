package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;

/** Small machines shared by the VMM tests. */
final class Rigs {
    static final long MIB = 1L << 20;

    private Rigs() {
    }

    /** 64 MiB guest on 2 MiB pages, one AMD unit, one NIC writing 4 MiB at 200 MB/s, one vCPU writing randomly. */
    static MachineBuilder nicAndVcpu(long seed, EventSink events) {
        return new MachineBuilder()
                .guestMemory(64 * MIB, 2 * MIB)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .device(DeviceSpec.of("nic0", DeviceKind.NIC, "amd0",
                        DeviceWorkload.Config.of(200_000_000L, 2048, AccessPattern.RING, 8 * MIB, 4 * MIB)))
                .vcpus(VcpuSpec.bitmap(VcpuWorkload.Config.of(100_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        64 * MIB, 1)))
                .seed(seed)
                .events(events);
    }

    /** 1 GB/s link, 5 ms downtime, 10 rounds. */
    static LinkConfig link() {
        return LinkConfig.of(1_000_000_000L, 5_000_000L, 10);
    }
}
