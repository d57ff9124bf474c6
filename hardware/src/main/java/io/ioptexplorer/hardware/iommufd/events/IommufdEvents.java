package io.ioptexplorer.hardware.iommufd.events;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.SimEvent;

/**
 * One event per iommufd ioctl that {@link io.ioptexplorer.hardware.iommufd.Iommufd} answers, with its arguments and
 * outcome; the names are those of include/uapi/linux/iommufd.h and include/uapi/linux/vfio.h.
 */
public final class IommufdEvents {
    private IommufdEvents() {
    }

    /** IOMMU_IOAS_ALLOC returned {@code ioasId}. */
    public record IoasAllocated(int ioasId) implements SimEvent {
    }

    /** IOMMU_IOAS_MAP mapped {@code length} bytes at {@code physAddr} to {@code iova} ({@code flags} as given). */
    public record IoasMapped(int ioasId, long iova, long length, long physAddr, int flags) implements SimEvent {
    }

    /** IOMMU_IOAS_UNMAP of the range asked for unmapped {@code unmapped} bytes. */
    public record IoasUnmapped(int ioasId, long iova, long length, long unmapped) implements SimEvent {
    }

    /** IOMMU_OPTION with IOMMU_OPTION_HUGE_PAGES set to {@code on} on IOAS {@code ioasId}. */
    public record HugePagesSet(int ioasId, boolean on) implements SimEvent {
    }

    /** IOMMU_HWPT_ALLOC of HWPT {@code hwptId} on IOAS {@code ioasId} for the device behind {@code unit}. */
    public record HwptAllocated(String device, String unit, int ioasId, int hwptId, boolean dirtyTracking)
            implements SimEvent {
    }

    /** VFIO_DEVICE_ATTACH_IOMMUFD_PT attached {@code device} to HWPT {@code hwptId}. */
    public record DeviceAttached(String device, int hwptId) implements SimEvent {
    }

    /** VFIO_DEVICE_DETACH_IOMMUFD_PT detached {@code device} from HWPT {@code hwptId}. */
    public record DeviceDetached(String device, int hwptId) implements SimEvent {
    }

    /** IOMMU_GET_HW_INFO answered for {@code device}: its IOMMU's model and out_capabilities. */
    public record HwInfoRead(String device, String unit, String model, long capabilities) implements SimEvent {
    }

    /** IOMMU_HWPT_SET_DIRTY_TRACKING set HWPT {@code hwptId}'s tracking to {@code enabled}. */
    public record DirtyTrackingSet(int hwptId, boolean enabled) implements SimEvent {
    }

    /** An iommufd ioctl was refused with {@code errno}; {@code args} are its arguments as written, {@code why} why. */
    public record IoctlRefused(String ioctl, String args, Errno errno, String why) implements SimEvent {
    }
}
