package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.iommufd.IoasArea;
import io.ioptexplorer.hardware.iommufd.Ioas;
import java.util.Set;

/**
 * No tracker for a device: every page mapped in its IOAS counts dirty at every sync (QEMU's
 * {@code cpu_physical_memory_set_dirty_range} of the whole section, reference §6).
 */
final class AllDirtyTracker implements DirtyTracker {
    private final String deviceId;
    private final Ioas ioas;

    AllDirtyTracker(String deviceId, Ioas ioas) {
        this.deviceId = deviceId;
        this.ioas = ioas;
    }

    @Override
    public String name() {
        return "none:" + deviceId;
    }

    @Override
    public TrackerKind kind() {
        return TrackerKind.ALL_DIRTY;
    }

    @Override
    public Set<String> sources() {
        return Set.of(deviceId);
    }

    @Override
    public void start() {
    }

    @Override
    public DirtySet sync() {
        DirtySet out = new DirtySet();
        for (IoasArea a : ioas.areas()) {
            out.addIovaRange(a.iova(), a.length());
        }
        return out;
    }

    @Override
    public void stop() {
    }
}
