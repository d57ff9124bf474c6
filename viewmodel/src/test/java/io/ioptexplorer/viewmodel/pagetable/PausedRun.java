package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tests' stand-in for the live session: a run with its timeline on, stepped by the test, and a {@link MachineReader}
 * that answers every query at once as the machine paused at the current step boundary.
 */
final class PausedRun implements PausedMachine, MachineReader {
    final ScenarioRun run;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final TimelineIndex index = new TimelineIndex();
    /** Whether queries are answered as frames on the way through a command (the machine moves on after them). */
    boolean running;

    PausedRun(Topology t, long seed) {
        run = new ScenarioRun(t, seed, e -> {
            events.add(e);
            index.onEvent(e);
        }, true);
    }

    @Override
    public <T> CompletableFuture<T> query(Function<PausedMachine, T> capture) {
        return CompletableFuture.completedFuture(capture.apply(this));
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public ScenarioRun run() {
        return run;
    }

    @Override
    public Moment moment() {
        return new Moment(run.nextIndex(), index.size() - 1);
    }

    @Override
    public Optional<TimelineEvent> recentEvent(long seq) {
        return seq >= 0 && seq < events.size() ? Optional.of(events.get((int) seq)) : Optional.empty();
    }

    @Override
    public Optional<TimelineEvent> event() {
        return Optional.empty();
    }

    @Override
    public Selection selection() {
        return Selection.NONE;
    }

    @Override
    public TimelineIndex timeline() {
        return index;
    }
}
