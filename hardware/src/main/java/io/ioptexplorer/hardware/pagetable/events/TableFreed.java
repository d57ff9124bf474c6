package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A table page unlinked and returned to the pool. */
public record TableFreed(long tableAddr, int level, long iova) implements SimEvent {
}
