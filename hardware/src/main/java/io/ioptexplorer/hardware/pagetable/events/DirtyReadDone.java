package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** One read-and-clear-dirty finished, with the range to invalidate. */
public record DirtyReadDone(long iova, long length, int flags, long leavesRecorded, io.ioptexplorer.hardware.pagetable.DirtyGather gather) implements SimEvent {
}
