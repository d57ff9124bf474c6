package io.ioptexplorer.hardware.iommu;

/**
 * The VT-d capability bits a topology may turn off, beyond dirty tracking: what {@code paging_domain_compatible}
 * (drivers/iommu/intel/iommu.c) compares between a domain and the unit it is attached to. Every default is on, as on
 * current server parts, so a topology that says nothing gets the unit it always had.
 *
 * @param superPage2M  CAP.SSLPS bit 0 (CAP bit 34): second-stage 2 MiB pages
 * @param superPage1G  CAP.SSLPS bit 1 (CAP bit 35): second-stage 1 GiB pages
 * @param snoopControl ECAP.SC (bit 7): the unit can force snooping ({@code IOMMU_CAP_ENFORCE_CACHE_COHERENCY})
 * @param secondStage  ECAP.SLTS (bit 46): second-stage translation in scalable mode
 */
public record VtdCaps(boolean superPage2M, boolean superPage1G, boolean snoopControl, boolean secondStage) {
    public static final VtdCaps FULL = new VtdCaps(true, true, true, true);

    private static final long SZ_2M = 2L << 20;
    private static final long SZ_1G = 1L << 30;

    /**
     * The pgsize bitmap of a second-stage domain allocated on this unit: 4 KiB and the super pages SSLPS advertises
     * ({@code intel_iommu_domain_alloc_second_stage}), within what the format can map.
     */
    public long pgsizeBitmap(long formatSizes) {
        long sizes = formatSizes;
        if (!superPage2M) {
            sizes &= ~SZ_2M;
        }
        if (!superPage1G) {
            sizes &= ~SZ_1G;
        }
        return sizes;
    }
}
