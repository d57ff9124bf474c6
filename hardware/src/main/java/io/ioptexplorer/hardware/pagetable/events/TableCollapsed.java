package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A table of contiguous leaves replaced by one leaf (a proposal, not upstream Linux). */
public record TableCollapsed(long iova, long size, int level, long freedTableAddr, boolean dirty) implements SimEvent {
}
