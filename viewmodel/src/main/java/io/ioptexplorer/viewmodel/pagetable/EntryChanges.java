package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.pagetable.EntryWrites;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The entries of one HWPT written between two moments, read from the {@code entry-updated} events and the entries of
 * the {@code leaf-mapped} and {@code leaf-unmapped} runs in between ({@link EntryWrites}): per entry its value before
 * the first write and after the last. Derived from the events, so it does not depend on which
 * tables the tree had open at the previous moment.
 *
 * @param complete false when some writes could not be read in full (too many, or too long ago to be kept): then
 *                 the view falls back to comparing what it saw
 */
public record EntryChanges(Map<Key, Change> byEntry, boolean complete) {
    /** More entries than this in one stretch (a dirty read of a large guest) are not itemised. */
    static final int MAX = 100_000;

    private static final Set<EventKind> WRITES = EnumSet.of(EventKind.ENTRY_UPDATED, EventKind.LEAF_MAPPED,
        EventKind.LEAF_UNMAPPED);

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

    static EntryChanges between(TimelineIndex index, long fromSeq, long toSeq, int hwpt, PageTableFormat fmt,
                                LongFunction<Optional<TimelineEvent>> recent) {
        long to = Math.min(toSeq, index.size() - 1);
        if (fromSeq < -1 || to < fromSeq) {
            return UNKNOWN;
        }
        Map<Key, Change> out = new HashMap<>();
        for (long seq = fromSeq + 1; seq <= to; seq++) {
            if (!WRITES.contains(index.kind(seq)) || index.subject(seq).hwpt() != hwpt) {
                continue;
            }
            Optional<TimelineEvent> e = recent.apply(seq);
            if (e.isEmpty() || out.size() >= MAX) {
                return new EntryChanges(out, false);
            }
            EntryWrites.forEach(fmt, e.get().event(), (table, i, iova, old, now) ->
                out.merge(new Key(table, i), new Change(old, now), (first, last) -> new Change(first.before(),
                    last.after())));
        }
        return new EntryChanges(out, true);
    }
}
