package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommufd.events.DirtyReadSwallowed;
import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;

/**
 * Descriptions of the iommufd ioctls' own events (drivers/iommu/iommufd), named as include/uapi/linux/iommufd.h
 * and, for attach and detach, include/uapi/linux/vfio.h name them.
 */
final class IommufdEventText {
    private IommufdEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        if (event instanceof DirtyReadSwallowed e) {
            return Describer.of(k, "IOMMU_HWPT_GET_DIRTY_BITMAP (driver " + e.driverErrno() + " swallowed)")
                    .hwpt(e.hwptId()).iova(e.iova()).length(e.length()).field("driver-errno", e.driverErrno())
                    .text("%s", e.text()); // the emitter names the driver and iommu_read_and_clear_dirty()
        }
        if (event instanceof IommufdEvents.IoasAllocated e) {
            return Describer.of(k, "IOMMU_IOAS_ALLOC").field("ioas", e.ioasId())
                    .text("IOAS %d allocated", e.ioasId());
        }
        if (event instanceof IommufdEvents.IoasMapped e) {
            return Describer.of(k, "IOMMU_IOAS_MAP").field("ioas", e.ioasId()).iova(e.iova()).length(e.length())
                    .hex("phys-addr", e.physAddr()).hex("flags", e.flags())
                    .text("IOAS %d: %s at 0x%x mapped to IOVA 0x%x (flags 0x%x)", e.ioasId(),
                            Describer.size(e.length()), e.physAddr(), e.iova(), e.flags());
        }
        if (event instanceof IommufdEvents.IoasUnmapped e) {
            return Describer.of(k, "IOMMU_IOAS_UNMAP").field("ioas", e.ioasId()).iova(e.iova()).length(e.length())
                    .field("unmapped", e.unmapped())
                    .text("IOAS %d: unmap of 0x%x+0x%x removed %s", e.ioasId(), e.iova(), e.length(),
                            Describer.size(e.unmapped()));
        }
        if (event instanceof IommufdEvents.HugePagesSet e) {
            return Describer.of(k, "IOMMU_OPTION (IOMMU_OPTION_HUGE_PAGES)").field("ioas", e.ioasId())
                    .field("on", e.on())
                    .text("IOAS %d: huge pages %s", e.ioasId(), e.on() ? "on" : "off (IOVA alignment PAGE_SIZE)");
        }
        if (event instanceof IommufdEvents.HwptAllocated e) {
            return Describer.of(k, e.dirtyTracking() ? "IOMMU_HWPT_ALLOC (IOMMU_HWPT_ALLOC_DIRTY_TRACKING)"
                    : "IOMMU_HWPT_ALLOC").device(e.device()).unit(e.unit()).hwpt(e.hwptId()).field("ioas", e.ioasId())
                    .field("dirty-tracking", e.dirtyTracking())
                    .text("HWPT %d allocated on IOAS %d for %s behind %s%s", e.hwptId(), e.ioasId(), e.device(),
                            e.unit(), e.dirtyTracking() ? ", with dirty tracking ops" : "");
        }
        if (event instanceof IommufdEvents.DeviceAttached e) {
            return Describer.of(k, "VFIO_DEVICE_ATTACH_IOMMUFD_PT").device(e.device()).hwpt(e.hwptId())
                    .text("%s attached to HWPT %d", e.device(), e.hwptId());
        }
        if (event instanceof IommufdEvents.DeviceDetached e) {
            return Describer.of(k, "VFIO_DEVICE_DETACH_IOMMUFD_PT").device(e.device()).hwpt(e.hwptId())
                    .text("%s detached from HWPT %d", e.device(), e.hwptId());
        }
        if (event instanceof IommufdEvents.HwInfoRead e) {
            return Describer.of(k, "IOMMU_GET_HW_INFO").device(e.device()).unit(e.unit()).field("model", e.model())
                    .hex("out-capabilities", e.capabilities())
                    .text("%s behind %s (%s): out_capabilities 0x%x%s", e.device(), e.unit(), e.model(),
                            e.capabilities(), (e.capabilities() & 1) != 0 ? " (IOMMU_HW_CAP_DIRTY_TRACKING)" : "");
        }
        if (event instanceof IommufdEvents.DirtyTrackingSet e) {
            return Describer.of(k, "IOMMU_HWPT_SET_DIRTY_TRACKING").hwpt(e.hwptId()).field("enabled", e.enabled())
                    .text("HWPT %d: dirty tracking %s", e.hwptId(), e.enabled() ? "enabled" : "disabled");
        }
        if (event instanceof IommufdEvents.IoctlRefused e) {
            return Describer.of(k, e.ioctl()).field("args", e.args()).field("errno", e.errno())
                    .field("why", e.why())
                    .text("%s(%s) refused: %s (%s)", e.ioctl(), e.args(), e.errno(), e.why());
        }
        throw new IllegalArgumentException("not an iommufd event: " + event);
    }
}
