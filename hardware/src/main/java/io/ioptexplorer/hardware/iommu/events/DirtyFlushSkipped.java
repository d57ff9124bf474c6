package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * Fault injection left out the IOTLB flush after Dirty bits in [start, end) were cleaned: writes hitting entries
 * still cached as dirty will not reach the page table. Emitted every time, so the hazard is never silent.
 */
public record DirtyFlushSkipped(String unit, int domainId, long start, long end, int staleDirtyEntries)
        implements SimEvent {
}
