package io.ioptexplorer.hardware.inspect;

/**
 * One valid IOTLB entry as the IOTLB view shows it, with whether it is stale: the page-table entry it caches has
 * changed (unmapped, remapped, or its Dirty bit cleared) and no invalidation has reached it yet.
 *
 * @param hwptId      the HWPT whose domain the entry belongs to, -1 if none matches any more
 * @param cachedDirty the dirty state the walk saw when it filled the entry; a write that hits it does not walk again
 * @param stale       whether the entry no longer matches the page table
 * @param staleWhy    what changed, "" when not stale
 */
public record IotlbLine(int slot, int set, int way, int domainId, int hwptId, long leafIova, long leafSize,
                        long physAddr, int prot, boolean cachedDirty, long lastUse, boolean stale, String staleWhy) {
}
