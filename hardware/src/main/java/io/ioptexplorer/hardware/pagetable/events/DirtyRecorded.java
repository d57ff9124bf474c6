package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A dirty leaf reported by read-and-clear-dirty; {@code cleared} unless NO_CLEAR. */
public record DirtyRecorded(long iova, long length, boolean cleared) implements SimEvent {
}
