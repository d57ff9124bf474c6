package io.ioptexplorer.hardware.timeline;

/**
 * Receives each event of a run, on the thread that runs the machine, at the moment it happens. The listener may
 * block (the app pauses the machine inside an event) and may throw an {@link Error} such as {@link RunAbandoned} to
 * abandon the run; the simulator never catches errors.
 */
@FunctionalInterface
public interface TimelineListener {
    void onEvent(TimelineEvent event);
}
