package io.ioptexplorer.hardware.iommu;

/**
 * Fault injection on a unit; every injected fault is reported as an event each time it acts, so nothing it breaks
 * is silent.
 *
 * @param skipDirtyFlush leaves out the IOTLB invalidation after Dirty bits are cleaned: writes that then hit IOTLB
 *                       entries still cached as dirty never reach the page table, and those pages are lost to the
 *                       next read (the stale-dirty hazard)
 * @param skipUnmapFlush leaves out the IOTLB invalidation after an unmap: the device can keep using the stale
 *                       translation to memory that is no longer mapped
 * @param dropDirtyBits  the hardware never sets Dirty bits although the knob is on (a broken HDSup/SSADS/HTTU):
 *                       IOMMU dirty tracking reports nothing
 */
public record IommuFaults(boolean skipDirtyFlush, boolean skipUnmapFlush, boolean dropDirtyBits) {
    public static final IommuFaults NONE = new IommuFaults(false, false, false);

    /** Only the stale-dirty hazard. */
    public IommuFaults(boolean skipDirtyFlush) {
        this(skipDirtyFlush, false, false);
    }

    public boolean any() {
        return skipDirtyFlush || skipUnmapFlush || dropDirtyBits;
    }
}
