package io.ioptexplorer.hardware.iommu;

/** One valid IOTLB slot as a view sees it. */
public record IotlbEntryView(int slot, int set, int domainId, long leafIova, long leafSize, long physAddr, int prot,
                             boolean dirty, long lastUse) {
}
