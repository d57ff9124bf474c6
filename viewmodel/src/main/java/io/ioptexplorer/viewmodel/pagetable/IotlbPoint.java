package io.ioptexplorer.viewmodel.pagetable;

/** IOTLB counters of one IOMMU at one moment, for the small chart over time. */
public record IotlbPoint(int moment, String unitId, long hits, long misses, long invalidated) {
}
