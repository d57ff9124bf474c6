package io.ioptexplorer.hardware.iommu;

/**
 * Fault injection on a unit. {@code skipDirtyFlush} leaves out the IOTLB invalidation after Dirty bits are cleaned:
 * writes that then hit IOTLB entries still cached as dirty never reach the page table, and those pages are lost to
 * the next read. Every skipped flush is reported as an event so the hazard is never silent.
 */
public record IommuFaults(boolean skipDirtyFlush) {
    public static final IommuFaults NONE = new IommuFaults(false);
}
