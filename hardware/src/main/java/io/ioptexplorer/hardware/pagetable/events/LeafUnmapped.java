package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;
import java.util.List;

/**
 * A run of {@code count} leaves of {@code size} bytes cleared by one pass of unmap over one table page, as the
 * kernel's {@code unmap_pages(iova, pgsize, pgcount)} clears them, with their dirty state at removal. A run holds
 * only leaves alike but for their output address: slot j ({@code index + j}) held {@code oldEntry} with the output
 * address moved on ({@link io.ioptexplorer.hardware.pagetable.EntryWrites}). A replicated leaf whose replicas differ
 * (hardware set Accessed or Dirty in the one it walked) is a run of its own, and {@code oldReplicas} lists what each
 * replica held; otherwise it is empty.
 *
 * @param oldEntry the value the run's first slot held
 * @param dirty    whether the leaves read dirty (any replica)
 */
public record LeafUnmapped(long iova, long size, int count, long physAddr, int level, boolean dirty, long tableAddr,
                           int index, long oldEntry, List<Long> oldReplicas) implements SimEvent {
    public LeafUnmapped {
        oldReplicas = List.copyOf(oldReplicas);
    }

    /** Bytes the run mapped. */
    public long length() {
        return size * count;
    }
}
