package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * A run of {@code count} leaves of {@code size} bytes installed by one pass of map over one table page, as the
 * kernel's {@code map_pages(iova, paddr, pgsize, pgcount)} (include/linux/iommu.h, iommu_domain_ops) writes them:
 * leaf k maps {@code iova + k*size} to {@code physAddr + k*size}. The entries were empty before; slot j of the run
 * ({@code index + j} of the table at {@code tableAddr}) holds {@code entry} with its output address moved on
 * ({@link io.ioptexplorer.hardware.pagetable.EntryWrites} spells that out once). A replicated leaf (AMD NextLevel=7)
 * is one leaf of several slots.
 *
 * @param entry the value written to the run's first slot
 */
public record LeafMapped(long iova, long size, int count, long physAddr, int prot, int level, long tableAddr,
                         int index, long entry) implements SimEvent {
    /** Bytes the run maps. */
    public long length() {
        return size * count;
    }
}
