package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import io.ioptexplorer.hardware.vfio.logging.QemuDeviceRanges;
import java.util.List;
import java.util.Set;

/**
 * A device's own DMA log through VFIO: DMA_LOGGING_START with the ranges QEMU computes from the mapped sections
 * (reference §6 "Device ranges"), DMA_LOGGING_REPORT of each range at the host page size per sync (read and clear),
 * DMA_LOGGING_STOP at the end.
 */
final class DeviceLogDirtyTracker implements DirtyTracker {
    static final long PAGE = 4096;
    private final MachineDevice device;
    private final long memSize;
    private List<IovaRange> ranges = List.of();

    DeviceLogDirtyTracker(MachineDevice device, long memSize) {
        this.device = device;
        this.memSize = memSize;
    }

    @Override
    public String name() {
        return "device:" + device.id();
    }

    @Override
    public TrackerKind kind() {
        return TrackerKind.DEVICE;
    }

    @Override
    public Set<String> sources() {
        return Set.of(device.id());
    }

    @Override
    public void start() {
        ranges = QemuDeviceRanges.compute(List.of(new QemuDeviceRanges.Section(0, memSize, false)), PAGE).ranges();
        device.logging().start(PAGE, ranges);
    }

    @Override
    public DirtySet sync() {
        DirtySet out = new DirtySet();
        for (IovaRange r : ranges) {
            out.addBitmap(device.logging().report(r.iova(), r.length(), PAGE));
        }
        return out;
    }

    @Override
    public void stop() {
        if (device.tracker() != null && device.tracker().isLogging()) {
            device.logging().stop();
        }
    }
}
