package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** The IOMMU refused a device's DMA: no domain attached, nothing mapped, or a write to a read-only page. */
public record DmaFault(String unit, String device, long iova, boolean write, String reason) implements SimEvent {
}
