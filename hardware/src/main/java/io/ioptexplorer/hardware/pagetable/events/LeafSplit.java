package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A leaf replaced by smaller leaves (a proposal from the mailing-list threads, not upstream Linux); {@code newTableAddr} is -1 when a replicated leaf was re-encoded in place. */
public record LeafSplit(long iova, long oldSize, long newSize, int level, long newTableAddr, boolean dirty) implements SimEvent {
}
