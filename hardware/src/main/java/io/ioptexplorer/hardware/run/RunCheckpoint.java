package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.timeline.TimelineListener;

/**
 * A run frozen at a step boundary ({@link ScenarioRun#checkpoint()}): the whole machine as it was between two steps,
 * from which any number of live runs can be started ({@link #resume}); none of them, nor the run it was taken from,
 * changes it. Going back to an earlier moment then replays from the nearest checkpoint instead of from the machine's
 * assembly (issue 11).
 *
 * <p>Only step boundaries: a step is one plain Java call into the simulator (a {@code migrate} step runs every round
 * of its migration in one call), whose state in progress lives on the Java stack, where no copy can reach it. A
 * moment inside a step is reached by resuming at the step's start and running on to it.
 */
public final class RunCheckpoint {
    private final ScenarioRun frozen;
    private final long copiedBytes;
    private final long sharedBytes;

    RunCheckpoint(ScenarioRun frozen, long copiedBytes, long sharedBytes) {
        this.frozen = frozen;
        this.copiedBytes = copiedBytes;
        this.sharedBytes = sharedBytes;
    }

    /**
     * Bytes of page versions, table pages and written frames the checkpoint shares copy-on-write with the run: it
     * comes to hold them alone as the run writes or drops them.
     */
    public long sharedBytes() {
        return sharedBytes;
    }

    /** The frozen run itself (tests: to compare its object graph with the run's). */
    ScenarioRun frozen() {
        return frozen;
    }

    /** The steps done at the checkpoint: the index of the next step the run would take. */
    public int nextIndex() {
        return frozen.nextIndex();
    }

    /** The sequence number the next timeline event gets. */
    public long nextSeq() {
        return frozen.nextSeq();
    }

    /**
     * Heap the checkpoint took when it was made, beyond the guest memory and table pages it shares copy-on-write
     * with the run (arrays exactly; map entries estimated).
     */
    public long copiedBytes() {
        return copiedBytes;
    }

    /**
     * A live run in the checkpoint's state, as if the run had just finished step {@link #nextIndex()} - 1: its events
     * go to {@code events} (every event, timeline on or off) and, while the timeline is on, to {@code listener}.
     * {@code events} must be in the state the run's sink had at the checkpoint (a sink folding the run).
     */
    public ScenarioRun resume(EventSink events, TimelineListener listener, boolean timelineOn) {
        return frozen.resumeCopy(events, listener, timelineOn);
    }
}
