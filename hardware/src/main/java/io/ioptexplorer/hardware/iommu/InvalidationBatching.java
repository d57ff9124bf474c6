package io.ioptexplorer.hardware.iommu;

/**
 * How a read-and-clear of Dirty bits is followed by IOTLB invalidation. {@link #GATHERED} is what the kernel does:
 * cleaned ranges are gathered ({@code iommu_iotlb_gather}) and flushed with one {@code iommu_iotlb_sync()};
 * {@link #PER_ENTRY} flushes after every cleaned leaf, to show what gathering saves.
 */
public enum InvalidationBatching {
    GATHERED, PER_ENTRY
}
