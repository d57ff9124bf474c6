package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A leaf removed by unmap, with its dirty state at removal. */
public record LeafUnmapped(long iova, long size, long physAddr, int level, boolean dirty) implements SimEvent {
}
