package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A translation that faulted; {@code level} is where the walk stopped. */
public record WalkFault(long iova, io.ioptexplorer.hardware.pagetable.Access access, int level, io.ioptexplorer.hardware.pagetable.FaultReason reason, long entry) implements SimEvent {
}
