package io.ioptexplorer.hardware.pagetable;

/**
 * The IOVA range whose Dirty bits were cleaned by one {@link IoPageTable#readAndClearDirty}, to be invalidated with
 * one IOTLB flush, like the kernel's {@code struct iommu_iotlb_gather} after {@code iommu_iotlb_gather_add_range}
 * (include/linux/iommu.h). {@code [start, end)} is the union (hull) of the cleaned leaves; {@code pageSize} is the
 * smallest cleaned leaf size (0 when empty); {@code entriesCleaned} counts leaves cleaned. Empty when nothing was
 * cleaned, in particular with {@link DirtyFlags#NO_CLEAR}: generic_pt only gathers what it actually cleans.
 */
public record DirtyGather(long start, long end, long pageSize, long entriesCleaned) {
    public static final DirtyGather EMPTY = new DirtyGather(0, 0, 0, 0);

    public boolean isEmpty() {
        return entriesCleaned == 0;
    }
}
