package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * One page-table entry written, by software or by hardware (A/D update).
 *
 * @param iova the first IOVA the entry covers (so the timeline can find every write of one entry), -1 if unknown
 */
public record EntryUpdated(long tableAddr, int index, long oldEntry, long newEntry, UpdateReason reason, long iova)
        implements SimEvent {
    public EntryUpdated(long tableAddr, int index, long oldEntry, long newEntry, UpdateReason reason) {
        this(tableAddr, index, oldEntry, newEntry, reason, -1);
    }
}
