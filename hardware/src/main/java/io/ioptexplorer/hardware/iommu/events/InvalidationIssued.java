package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A driver queued invalidation commands on a unit; {@code reason} says why (dirty clear, tracking toggle, unmap). */
public record InvalidationIssued(String unit, int domainId, String command, long count, long start, long end,
                                 String reason) implements SimEvent {
}
