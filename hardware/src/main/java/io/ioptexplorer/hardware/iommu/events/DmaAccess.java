package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * A device issued one DMA transaction of {@code length} bytes at {@code iova}; the IOMMU translates it granule by
 * granule (an IOTLB lookup each, and a walk on a miss). {@code hwpt} is the attached domain, -1 when none.
 */
public record DmaAccess(String unit, String device, int hwpt, long iova, long length, boolean write)
        implements SimEvent {
}
