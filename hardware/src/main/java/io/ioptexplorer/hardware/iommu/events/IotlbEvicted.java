package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** The least recently used way of a full set made room for a new translation. */
public record IotlbEvicted(String unit, int domainId, long leafIova, long leafSize) implements SimEvent {
}
