package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A walk's result was cached, with the dirty state the walk saw. */
public record IotlbFilled(String unit, int domainId, long leafIova, long leafSize, long physAddr, int prot,
                          boolean dirty) implements SimEvent {
}
