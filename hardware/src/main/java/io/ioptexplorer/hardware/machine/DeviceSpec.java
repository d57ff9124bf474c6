package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import java.util.Objects;

/**
 * One passthrough device: its kind, the IOMMU unit it sits behind, its DMA workload (IOVA = GPA in the VMM's
 * mapping; null for an idle device), its VFIO migration capabilities and state size, and an optional device dirty
 * tracker.
 *
 * @param migStateBytes          size of the device's own migration state (initial pre-copy bytes / stop-copy size)
 * @param migDirtyBytesPerSecond how fast that state changes while the device runs
 * @param tracker                the device's DMA logging, or null (no DMA_LOGGING support: ENOTTY)
 */
public record DeviceSpec(String id, DeviceKind kind, String unitId, DeviceWorkload.Config workload,
                         VfioMigFlags migFlags, long migStateBytes, long migDirtyBytesPerSecond,
                         DeviceTrackerSpec tracker) {
    public DeviceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(migFlags, "migFlags");
        if (migStateBytes < 0 || migDirtyBytesPerSecond < 0) {
            throw new IllegalArgumentException("migration state size and rate must be >= 0");
        }
    }

    /** Every migration flag, 1 MiB of device state changing at 0 B/s, no device tracker. */
    public static DeviceSpec of(String id, DeviceKind kind, String unitId, DeviceWorkload.Config workload) {
        return new DeviceSpec(id, kind, unitId, workload, new VfioMigFlags(VfioMigFlags.ALL), 1L << 20, 0, null);
    }

    public DeviceSpec withTracker(DeviceTrackerSpec t) {
        return new DeviceSpec(id, kind, unitId, workload, migFlags, migStateBytes, migDirtyBytesPerSecond, t);
    }

    public DeviceSpec withMigration(VfioMigFlags flags, long stateBytes, long dirtyBytesPerSecond) {
        return new DeviceSpec(id, kind, unitId, workload, flags, stateBytes, dirtyBytesPerSecond, tracker);
    }

    public DeviceSpec withWorkload(DeviceWorkload.Config w) {
        return new DeviceSpec(id, kind, unitId, w, migFlags, migStateBytes, migDirtyBytesPerSecond, tracker);
    }
}
