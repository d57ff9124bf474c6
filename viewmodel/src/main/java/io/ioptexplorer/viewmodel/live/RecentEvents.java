package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import java.util.Arrays;
import java.util.Optional;

/**
 * The last events the machine passed with events on, by seq modulo the size: the event log describes these without a
 * replay. Kept as parallel arrays, not as {@link TimelineEvent} records: a record per event was a quarter of what the
 * machine thread allocated while a migration played (issue 11's frame time), and only the few events a view asks
 * for need one. Written on the machine thread; read there too (captures and queries run on it).
 */
final class RecentEvents {
    private static final int SIZE = 1 << 13;
    private static final int MASK = SIZE - 1;

    private final long[] seqs = new long[SIZE];
    private final int[] steps = new int[SIZE];
    private final long[] times = new long[SIZE];
    private final SimEvent[] events = new SimEvent[SIZE];
    private final EventScope[] scopes = new EventScope[SIZE];

    RecentEvents() {
        clear();
    }

    void add(long seq, int step, long timeNs, SimEvent event, EventScope scope) {
        int i = (int) (seq & MASK);
        seqs[i] = seq;
        steps[i] = step;
        times[i] = timeNs;
        events[i] = event;
        scopes[i] = scope;
    }

    /** The full record of event {@code seq}, if it is still among the last ones passed. */
    Optional<TimelineEvent> get(long seq) {
        if (seq < 0) {
            return Optional.empty();
        }
        int i = (int) (seq & MASK);
        return seqs[i] == seq ? Optional.of(new TimelineEvent(seq, steps[i], times[i], events[i], scopes[i]))
                : Optional.empty();
    }

    /** Forgets every event (a new run, or the run dropped for its memory). */
    void clear() {
        Arrays.fill(seqs, -1);
        Arrays.fill(events, null);
        Arrays.fill(scopes, null);
    }
}
