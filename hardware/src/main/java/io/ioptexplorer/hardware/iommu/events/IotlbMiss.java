package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** An IOTLB lookup found nothing for {@code iova}: the hardware walks the page table next. */
public record IotlbMiss(String unit, String device, int domainId, long iova) implements SimEvent {
}
