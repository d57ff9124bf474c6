package io.ioptexplorer.hardware.iommu;

import java.util.Map;

/**
 * Cumulative counters of one unit.
 *
 * @param accesses        DMA translations requested (one per page touched)
 * @param walks           page-table walks (IOTLB misses, plus re-walks to set Dirty behind a clean cached entry)
 * @param dirtyWritesSkippedByIotlb writes that hit an entry cached as dirty and so did not touch the page table
 * @param faults          refused accesses
 * @param translationNs   simulated time spent translating (hits, walk levels, A/D writes)
 * @param invalidationNs  simulated time spent in invalidation commands and waits
 * @param commands        invalidation commands by name
 */
public record IommuStats(long accesses, long walks, long dirtyWritesSkippedByIotlb, long faults, long translationNs,
                         long invalidationNs, Map<String, Long> commands, IotlbStats iotlb) {
    public long invalidationCommands() {
        return commands.values().stream().mapToLong(Long::longValue).sum();
    }
}
