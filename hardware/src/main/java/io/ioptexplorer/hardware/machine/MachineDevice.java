package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.device.DmaDevice;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.vfio.logging.DeviceDirtyTracker;
import io.ioptexplorer.hardware.vfio.logging.DmaLogging;
import io.ioptexplorer.hardware.vfio.migration.VfioMigrationDevice;
import io.ioptexplorer.hardware.vfio.type1.Type1Container;

/**
 * One passthrough device as the machine holds it: the DMA engine behind its IOMMU port, its VFIO migration state
 * machine, its DMA-logging interface (ENOTTY without a tracker), its iommufd dev_id, and the ground truth of the
 * guest pages it wrote since {@link #takeTruth()} (what its trackers should report).
 */
public final class MachineDevice {
    private final DeviceSpec spec;
    private final DmaDevice dma;
    private final VfioMigrationDevice migration;
    private final DmaLogging logging;
    private final DeviceDirtyTracker tracker;
    private final int devId;
    private final boolean hotplugged;
    private final Type1Container type1;
    private final DeviceWorkload emulatedWorkload;
    private final GuestMemory memory;
    private DirtySet truth = new DirtySet();

    MachineDevice(DeviceSpec spec, DmaDevice dma, VfioMigrationDevice migration, DmaLogging logging,
                  DeviceDirtyTracker tracker, int devId, boolean hotplugged) {
        this(spec, dma, migration, logging, tracker, devId, hotplugged, null, null, null);
    }

    MachineDevice(DeviceSpec spec, DmaDevice dma, VfioMigrationDevice migration, DmaLogging logging,
                  DeviceDirtyTracker tracker, int devId, boolean hotplugged, Type1Container type1,
                  DeviceWorkload emulatedWorkload, GuestMemory memory) {
        this.spec = spec;
        this.type1 = type1;
        this.emulatedWorkload = emulatedWorkload;
        this.memory = memory;
        this.dma = dma;
        this.migration = migration;
        this.logging = logging;
        this.tracker = tracker;
        this.devId = devId;
        this.hotplugged = hotplugged;
    }

    private MachineDevice(MachineDevice o, CopyContext ctx) {
        this.spec = o.spec;
        this.dma = o.dma == null ? null : o.dma.copy(ctx);
        this.migration = o.migration.copy(ctx);
        this.logging = o.logging.copy(ctx);
        this.tracker = o.tracker == null ? null : o.tracker.copy(ctx);
        this.devId = o.devId;
        this.hotplugged = o.hotplugged;
        this.type1 = o.type1 == null ? null : o.type1.copy(ctx);
        this.emulatedWorkload = o.emulatedWorkload == null ? null : o.emulatedWorkload.copy(ctx);
        this.memory = o.memory == null ? null : o.memory.copy(ctx);
        this.truth = o.truth.copy(ctx);
    }

    /** The device in the same state, on the copies of everything it reaches (its port, memory, container). */
    MachineDevice copy(CopyContext ctx) {
        return ctx.copy(this, c -> new MachineDevice(this, c));
    }

    public String id() {
        return spec.id();
    }

    public DeviceSpec spec() {
        return spec;
    }

    /** The DMA engine behind its IOMMU port; null for an emulated device. */
    public DmaDevice dma() {
        return dma;
    }

    /** Whether this is an emulated (mdev-like) device in the legacy type1 container. */
    public boolean emulated() {
        return spec.kind() == DeviceKind.EMULATED;
    }

    /** The type1 group name of an emulated device (its id). */
    public String type1Group() {
        return spec.id();
    }

    public VfioMigrationDevice migration() {
        return migration;
    }

    /** VFIO_DEVICE_FEATURE DMA_LOGGING_START/STOP/REPORT of this device. */
    public DmaLogging logging() {
        return logging;
    }

    /** The device's own tracker, or null. */
    public DeviceDirtyTracker tracker() {
        return tracker;
    }

    /** The iommufd dev_id returned by the bind; -1 for an emulated device. */
    public int devId() {
        return devId;
    }

    public boolean hotplugged() {
        return hotplugged;
    }

    /** Whether the device executes DMA now: its migration state is a running one. */
    public boolean running() {
        return migration.state().isDeviceRunning();
    }

    /** Runs the device's workload for {@code nanos} when it is running; returns accesses performed. */
    long run(long nanos) {
        if (!running()) {
            return 0;
        }
        migration.advance(nanos);
        if (emulated()) {
            if (emulatedWorkload == null) {
                return 0;
            }
            // vfio_dma_rw through the container (which marks written pages while tracking), then the write itself.
            return emulatedWorkload.advance(nanos, (iova, length, write) -> {
                type1.dmaRw(type1Group(), iova, length, write);
                if (write) {
                    memory.write(iova, length);
                    truth.addIovaRange(iova, length);
                }
            });
        }
        if (dma.workload() == null) {
            return 0;
        }
        return dma.workload().advance(nanos, (iova, length, write) -> {
            long done = dma.dma(iova, length, write);
            if (write && done > 0) {
                truth.addIovaRange(iova, length); // IOVA = GPA in the VMM's mapping
            }
        });
    }

    /** Guest pages this device wrote since the previous call (ground truth, by IOVA = GPA). */
    public DirtySet takeTruth() {
        DirtySet t = truth;
        truth = new DirtySet();
        return t;
    }
}
