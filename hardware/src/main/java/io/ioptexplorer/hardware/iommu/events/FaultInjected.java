package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** An injected fault other than the skipped dirty flush acted: {@code what} says which and on what. */
public record FaultInjected(String unit, String fault, long iova, String what) implements SimEvent {
}
