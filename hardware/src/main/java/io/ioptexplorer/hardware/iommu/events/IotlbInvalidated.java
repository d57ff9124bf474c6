package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** An invalidation command dropped the domain's entries overlapping [start, end). */
public record IotlbInvalidated(String unit, String command, int domainId, long start, long end, int entriesDropped)
        implements SimEvent {
}
