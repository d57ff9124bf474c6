package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.device.DmaDevice;
import io.ioptexplorer.hardware.vfio.logging.DeviceDirtyTracker;
import io.ioptexplorer.hardware.vfio.logging.DmaLogging;
import io.ioptexplorer.hardware.vfio.migration.VfioMigrationDevice;

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
    private DirtySet truth = new DirtySet();

    MachineDevice(DeviceSpec spec, DmaDevice dma, VfioMigrationDevice migration, DmaLogging logging,
                  DeviceDirtyTracker tracker, int devId, boolean hotplugged) {
        this.spec = spec;
        this.dma = dma;
        this.migration = migration;
        this.logging = logging;
        this.tracker = tracker;
        this.devId = devId;
        this.hotplugged = hotplugged;
    }

    public String id() {
        return spec.id();
    }

    public DeviceSpec spec() {
        return spec;
    }

    public DmaDevice dma() {
        return dma;
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

    /** The iommufd dev_id returned by the bind. */
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
