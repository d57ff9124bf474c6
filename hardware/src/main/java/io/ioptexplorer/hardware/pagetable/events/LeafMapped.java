package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A leaf installed by map; a replicated leaf is one event. */
public record LeafMapped(long iova, long size, long physAddr, int prot, int level) implements SimEvent {
}
