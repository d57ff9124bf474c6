package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import java.util.List;

/**
 * A read-only snapshot of one device-side dirty tracker for reports.
 *
 * @param style          {@code mlx5}, {@code pds} or {@code type1} (the container of an emulated device)
 * @param logging        whether it is logging now
 * @param pageSize       its internal granularity while logging (0 otherwise)
 * @param ranges         the ranges it tracks
 * @param pendingUnits   dirty units logged and not yet reported
 * @param untrackedBytes bytes written while logging outside every tracked range
 */
public record DeviceTrackerView(String deviceId, String style, boolean logging, long pageSize, List<IovaRange> ranges,
                                long pendingUnits, long untrackedBytes) {
    public DeviceTrackerView {
        ranges = List.copyOf(ranges);
    }
}
