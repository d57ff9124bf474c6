package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** One page-table entry written, by software or by hardware (A/D update). */
public record EntryUpdated(long tableAddr, int index, long oldEntry, long newEntry, UpdateReason reason) implements SimEvent {
}
