package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The entries of one HWPT written between two moments, read from the {@code entry-updated} events in between: per
 * entry its value before the first write and after the last. Derived from the events, so it does not depend on which
 * tables the tree had open at the previous moment.
 *
 * @param complete false when some writes could not be read in full (too many, or too long ago to be kept): then
 *                 the view falls back to comparing what it saw
 */
public record EntryChanges(Map<Key, Change> byEntry, boolean complete) {
    /** More entries than this in one stretch (a dirty read of a large guest) are not itemised. */
    static final int MAX = 100_000;

    public static final EntryChanges UNKNOWN = new EntryChanges(Map.of(), false);

    public record Key(long tablePa, int index) {
    }

    public record Change(long before, long after) {
    }

    public EntryChanges {
        byEntry = Map.copyOf(byEntry);
    }

    /** The change of entry {@code index} of table {@code tablePa}, or null. */
    public Change of(long tablePa, int index) {
        return byEntry.get(new Key(tablePa, index));
    }

    static EntryChanges between(TimelineIndex index, long fromSeq, long toSeq, int hwpt,
                                LongFunction<Optional<TimelineEvent>> recent) {
        long to = Math.min(toSeq, index.size() - 1);
        if (fromSeq < -1 || to < fromSeq) {
            return UNKNOWN;
        }
        Map<Key, Change> out = new HashMap<>();
        for (long seq = fromSeq + 1; seq <= to; seq++) {
            if (index.kind(seq) != EventKind.ENTRY_UPDATED || index.subject(seq).hwpt() != hwpt) {
                continue;
            }
            Optional<TimelineEvent> e = recent.apply(seq);
            if (e.isEmpty() || !(e.get().event() instanceof EntryUpdated u) || out.size() >= MAX) {
                return new EntryChanges(out, false);
            }
            out.merge(new Key(u.tableAddr(), u.index()), new Change(u.oldEntry(), u.newEntry()),
                (first, last) -> new Change(first.before(), last.after()));
        }
        return new EntryChanges(out, true);
    }
}
