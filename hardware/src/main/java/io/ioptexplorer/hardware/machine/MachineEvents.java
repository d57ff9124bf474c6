package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.events.SimEvent;

/** Events of the machine's assembly and of the VMM's capability negotiation at VM start and hot-plug. */
public final class MachineEvents {
    private MachineEvents() {
    }

    /** Guest memory mapped into the VMM's IOAS at IOVA = GPA. */
    public record GuestMemoryMapped(int ioasId, long iova, long length, long hostPhysical, boolean hugePages)
            implements SimEvent {
    }

    /**
     * IOMMU_GET_HW_INFO asked for a device, and the HWPT it ended up attached to.
     *
     * @param dirtyCapable   bit IOMMU_HW_CAP_DIRTY_TRACKING of out_capabilities
     * @param allocated      whether this HWPT was allocated for this device (false: it joined an existing one)
     * @param dirtyTracking  whether the HWPT has IOMMU_HWPT_ALLOC_DIRTY_TRACKING
     */
    public record CapabilityNegotiated(String deviceId, String unitId, boolean dirtyCapable, int hwptId,
                                       boolean allocated, boolean dirtyTracking) implements SimEvent {
    }

    /** An attach the kernel refused (EINVAL for a dirty-tracking HWPT behind an IOMMU without it). */
    public record AttachRefused(String deviceId, int hwptId, String errno, String why) implements SimEvent {
    }

    /** A device added to a running VM (bound to iommufd, not yet attached). */
    public record DeviceHotplugged(String deviceId, String unitId) implements SimEvent {
    }
}
