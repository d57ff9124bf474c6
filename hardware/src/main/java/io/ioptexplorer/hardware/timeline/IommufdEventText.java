package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommufd.events.DirtyReadSwallowed;

/**
 * Descriptions of the iommufd ioctls' own events (drivers/iommu/iommufd), named as include/uapi/linux/iommufd.h
 * names them.
 */
final class IommufdEventText {
    private IommufdEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        if (event instanceof DirtyReadSwallowed e) {
            return new Describer(k, "IOMMU_HWPT_GET_DIRTY_BITMAP (driver " + e.driverErrno() + " swallowed)")
                    .hwpt(e.hwptId()).iova(e.iova()).length(e.length()).field("driver-errno", e.driverErrno())
                    .text("%s", e.text()); // the emitter names the driver and iommu_read_and_clear_dirty()
        }
        throw new IllegalArgumentException("not an iommufd event: " + event);
    }
}
