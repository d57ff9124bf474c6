package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.events.EventSink;
import java.util.function.Supplier;

/**
 * Makes the sink each run of the session feeds with every event from the machine's assembly on (see
 * {@link LiveSession#watchRuns}), and, so that a rewind can resume from a checkpoint instead of replaying from the
 * start, copies it: a sink that folds the whole run (the tracking views' recorder) must be resumed in the state it had
 * at the checkpoint, exactly as a replay from the start would have left it there.
 */
public interface RunWatcher {
    /** A watcher of no run: every run feeds {@link EventSink#NONE}, which holds nothing. */
    RunWatcher NONE = of(() -> EventSink.NONE);

    /** The sink of a new run (opened, or replayed from the machine's assembly): it has seen nothing yet. */
    EventSink newRun();

    /**
     * A copy of {@code live} (a sink this watcher made, as it is now, at a step boundary) for a checkpoint: later
     * events to {@code live} must not reach it. Null when the sink cannot be copied: no checkpoint is then taken,
     * and a rewind replays from the start.
     */
    EventSink save(EventSink live);

    /**
     * The sink of a run resumed from a checkpoint: holding what {@code saved} (from {@link #save}) holds, and
     * becoming this watcher's current one. {@code saved} itself stays as it is (a checkpoint can be resumed twice).
     */
    EventSink restore(EventSink saved);

    /**
     * A watcher making a fresh sink per run with {@code factory}. Such a sink cannot be copied, so checkpoints are
     * taken only when it is {@link EventSink#NONE} (it holds nothing).
     */
    static RunWatcher of(Supplier<? extends EventSink> factory) {
        return new RunWatcher() {
            @Override
            public EventSink newRun() {
                return factory.get();
            }

            @Override
            public EventSink save(EventSink live) {
                return live == EventSink.NONE ? EventSink.NONE : null;
            }

            @Override
            public EventSink restore(EventSink saved) {
                return saved;
            }
        };
    }
}
