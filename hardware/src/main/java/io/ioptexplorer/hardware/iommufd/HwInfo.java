package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.iommu.Register;

/**
 * The answer of IOMMU_GET_HW_INFO: the capability bits and the vendor data (here: the capability register the
 * driver read). {@code IOMMU_HW_CAP_DIRTY_TRACKING = 1 << 0} (include/uapi/linux/iommufd.h).
 */
public record HwInfo(int devId, String dataType, long outCapabilities, Register vendorRegister) {
    public static final long IOMMU_HW_CAP_DIRTY_TRACKING = 1L << 0;

    public boolean dirtyTracking() {
        return (outCapabilities & IOMMU_HW_CAP_DIRTY_TRACKING) != 0;
    }
}
