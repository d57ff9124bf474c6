package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A table page allocated and linked below the entry covering {@code iova} at {@code level + 1}. */
public record TableAllocated(long tableAddr, int level, long iova) implements SimEvent {
}
