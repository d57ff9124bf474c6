package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * One read-and-clear-dirty finished, with the range to invalidate. {@code bitmap}: the leaves went into a user's
 * bitmap (IOMMU_HWPT_GET_DIRTY_BITMAP); false when no bitmap was given (enabling tracking cleans stale Dirty bits).
 */
public record DirtyReadDone(long iova, long length, int flags, long leavesRecorded,
        io.ioptexplorer.hardware.pagetable.DirtyGather gather, boolean bitmap) implements SimEvent {
}
