package io.ioptexplorer.hardware.timeline;

/**
 * Thrown by a {@link TimelineListener} to stop a run in the middle of a step (a rewind or a closed window does not
 * need the rest). An {@link Error} on purpose: the simulator reports {@link RuntimeException}s on the step and keeps
 * going, but lets errors through. The run it escaped from is unusable afterwards.
 */
public class RunAbandoned extends Error {
    public RunAbandoned(String why) {
        super(why, null, false, false);
    }
}
