package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** An IOTLB lookup found the translation of {@code iova}: the cached leaf and the dirty state cached with it. */
public record IotlbHit(String unit, String device, int domainId, long iova, long leafIova, long leafSize,
                       boolean cachedDirty) implements SimEvent {
}
