package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The events that wrote one entry, newest first, found in the compact {@link TimelineIndex} by kind, HWPT and IOVA
 * (no object per event is kept; the index holds primitive columns). An {@code entry-updated} names the first IOVA of
 * its entry, so an entry at a lower level that starts at the same IOVA matches too; where the full record is still
 * kept (recent events), its table and index decide. Map and unmap runs, splits and collapses are matched by the IOVA
 * span the index keeps for them ({@link TimelineIndex#length}): one {@code leaf-mapped} of 512 leaves is in the
 * history of each of its entries, and of an entry of a larger leaf that held the entry's IOVA. Only the latest
 * {@link #SCAN_LIMIT} events are searched.
 */
final class EntryHistory {
    static final int MAX = 64;
    /**
     * How far back one query looks: the inspector re-reads its entry at every published moment, also while playing,
     * so an unbounded scan made each frame cost the whole run so far (a run of millions of events slowed to a crawl).
     */
    static final long SCAN_LIMIT = 1L << 20;
    private static final Set<EventKind> WRITES = EnumSet.of(EventKind.ENTRY_UPDATED, EventKind.LEAF_MAPPED,
        EventKind.LEAF_UNMAPPED, EventKind.LEAF_SPLIT, EventKind.TABLE_COLLAPSED);

    private EntryHistory() {
    }

    /**
     * The writes of {@code row}'s first entry at or before {@code uptoSeq}, newest first, at most {@link #MAX}.
     *
     * @param recent the full record of a recent event, or empty
     */
    static List<EntryWrite> of(TimelineIndex index, long uptoSeq, int hwpt, PtRow row,
                               LongFunction<Optional<TimelineEvent>> recent) {
        List<EntryWrite> out = new ArrayList<>();
        long entryIova = row.firstIova();
        long last = Math.min(uptoSeq, index.size() - 1);
        long stop = Math.max(0, last - SCAN_LIMIT);
        for (long seq = last; seq >= stop && out.size() < MAX; seq--) {
            long iova = index.iova(seq);
            if (iova < 0 || Long.compareUnsigned(iova, entryIova) > 0) {
                continue;
            }
            EventKind kind = index.kind(seq);
            if (!WRITES.contains(kind) || index.subject(seq).hwpt() != hwpt) {
                continue;
            }
            if (kind != EventKind.ENTRY_UPDATED && !index.touches(seq, entryIova, entryIova)) {
                continue; // a run, split or collapse elsewhere in the table
            }
            Optional<TimelineEvent> record = recent.apply(seq);
            if (kind == EventKind.ENTRY_UPDATED && record.isPresent()
                && record.get().event() instanceof EntryUpdated u
                && (u.tableAddr() != row.tablePa() || u.index() != row.firstIndex())) {
                continue; // an entry of another level that starts at the same IOVA
            }
            if (kind == EventKind.ENTRY_UPDATED && iova != entryIova) {
                continue;
            }
            String text = record.map(e -> e.info().text()).orElse(kind.id() + " at 0x" + Long.toHexString(iova));
            out.add(new EntryWrite(seq, index.stepOf(seq), kind.id(), text));
        }
        return out;
    }
}
