package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.EventCatalog;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.EventSubject;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where running stops by itself: on events of the chosen breakpoint classes (split, collapse, lost page, FSM arc,
 * invalidation, fault, round end) and on events that touch an IOVA range. Immutable; the session swaps the whole set.
 */
public record Breakpoints(Set<BreakpointClass> classes, List<IovaRange> ranges) {
    public static final Breakpoints NONE = new Breakpoints(Set.of(), List.of());

    /** {@code [start, start + length)} of IOVA. */
    public record IovaRange(long start, long length) {
        public IovaRange {
            if (length <= 0) {
                throw new IllegalArgumentException("an IOVA range needs a positive length, not " + length);
            }
        }

        /** Unsigned, as IOVAs are u64: compares last bytes, so a range may end at 2^64 without wrapping. */
        boolean overlaps(long iova, long len) {
            long last = start + (length - 1);
            long otherLast = iova + (Math.max(1, len) - 1);
            return Long.compareUnsigned(iova, last) <= 0 && Long.compareUnsigned(otherLast, start) >= 0;
        }
    }

    public Breakpoints {
        classes = classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
        ranges = List.copyOf(ranges);
    }

    public boolean isEmpty() {
        return classes.isEmpty() && ranges.isEmpty();
    }

    public Breakpoints with(BreakpointClass c, boolean on) {
        EnumSet<BreakpointClass> s = classes.isEmpty() ? EnumSet.noneOf(BreakpointClass.class) : EnumSet.copyOf(classes);
        if (on) {
            s.add(c);
        } else {
            s.remove(c);
        }
        return new Breakpoints(s, ranges);
    }

    public Breakpoints withRanges(List<IovaRange> r) {
        return new Breakpoints(classes, r);
    }

    /** Whether running should stop at this event. */
    public boolean hits(TimelineEvent e) {
        return hits(e.event(), e.scope());
    }

    /** The same for an event given as its record and scope (the machine thread asks for every event). */
    public boolean hits(SimEvent event, EventScope scope) {
        if (!classes.isEmpty() && classes.contains(EventKind.of(event).breakpoint())) {
            return true;
        }
        if (ranges.isEmpty()) {
            return false;
        }
        EventSubject info = EventCatalog.subject(event, scope);
        if (info.iova() == -1) { // no IOVA; any other value is a u64
            return false;
        }
        for (IovaRange r : ranges) {
            if (r.overlaps(info.iova(), info.length())) {
                return true;
            }
        }
        return false;
    }
}
