package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;

/**
 * One event at its place on the run's timeline.
 *
 * @param seq    position on the timeline, from 0; the same event has the same seq in every run of the same file
 *               and seed
 * @param step   the step it belongs to (0-based, as {@code index} in the JSON report), -1 while the machine is built
 * @param timeNs simulated time when it was emitted
 * @param event  the immutable event record
 * @param scope  the IOMMU and HWPT whose page table emitted it, when the record cannot say ({@link EventScope#NONE})
 */
public record TimelineEvent(long seq, int step, long timeNs, SimEvent event, EventScope scope) {

    public TimelineEvent(long seq, int step, long timeNs, SimEvent event) {
        this(seq, step, timeNs, event, EventScope.NONE);
    }

    public TimelineEvent {
        scope = scope == null ? EventScope.NONE : scope;
    }

    public EventKind kind() {
        return EventKind.of(event);
    }

    /** The event described (kind, kernel name, subject, text, fields). */
    public EventInfo info() {
        return EventCatalog.describe(event, scope);
    }
}
