package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.Optional;

/**
 * The machine as it stands at a paused moment, handed to captures and queries on the machine thread only. Read it;
 * never change it, never keep it.
 */
public interface PausedMachine {
    ScenarioRun run();

    default Machine machine() {
        return run().machine();
    }

    Moment moment();

    /** The event the machine is paused inside, or empty at a step boundary. */
    Optional<TimelineEvent> event();

    Selection selection();

    /**
     * Whether this is a frame taken while the machine plays on (play, run to the end), rather than a moment it stands
     * at: a capture may then skip what no view on screen shows, since the machine stops with a full capture.
     */
    default boolean playing() {
        return false;
    }

    /**
     * Whether the machine is on its way through a command (a play, a run to a step) and moves on after this answer,
     * rather than standing at this moment until the user moves it: a view that marks what changed compares a moment
     * it stands at with the last moment it stood at, not with whatever frame was shown on the way.
     */
    default boolean running() {
        return playing();
    }

    /** Every event of the run seen so far (including the known future after a rewind); read, never feed. */
    TimelineIndex timeline();

    /** The full record of a recent event (the last few thousand passed with events on), or empty. */
    default Optional<TimelineEvent> recentEvent(long seq) {
        return Optional.empty();
    }
}
