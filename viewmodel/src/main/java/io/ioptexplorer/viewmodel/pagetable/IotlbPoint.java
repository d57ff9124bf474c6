package io.ioptexplorer.viewmodel.pagetable;

/** IOTLB counters of one IOMMU at one moment (the event seq it was read at), for the small chart over time. */
public record IotlbPoint(long seq, String unitId, long hits, long misses, long invalidated) {
}
