package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;

/**
 * Receives each event of a run, on the thread that runs the machine, at the moment it happens. The listener may
 * block (the app pauses the machine inside an event) and may throw an {@link Error} such as {@link RunAbandoned} to
 * abandon the run; the simulator never catches errors.
 */
@FunctionalInterface
public interface TimelineListener {
    void onEvent(TimelineEvent event);

    /**
     * The same event as its parts, which is how the run hands it over: a listener that keeps few events (the app's
     * live session) overrides this and builds a {@link TimelineEvent} only for those, instead of one per event.
     */
    default void onEvent(long seq, int step, long timeNs, SimEvent event, EventScope scope) {
        onEvent(new TimelineEvent(seq, step, timeNs, event, scope));
    }
}
