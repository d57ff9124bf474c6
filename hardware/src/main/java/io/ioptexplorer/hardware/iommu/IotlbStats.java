package io.ioptexplorer.hardware.iommu;

/** Cumulative IOTLB counters. */
public record IotlbStats(long hits, long misses, long fills, long evictions, long entriesInvalidated) {
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
