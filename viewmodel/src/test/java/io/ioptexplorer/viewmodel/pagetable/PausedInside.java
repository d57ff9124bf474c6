package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tests' stand-in for the machine paused inside events, as the live session pauses it (the machine thread stops in
 * the event's listener): runs a sample and captures the page-table view at every event a predicate picks.
 */
final class PausedInside {
    /** One capture: the event paused inside and what the view read there. */
    record Seen(TimelineEvent event, PageTableSnapshot snapshot) {
    }

    final List<Seen> seen = new ArrayList<>();
    final ScenarioRun run;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final TimelineIndex index = new TimelineIndex();

    /** Runs {@code sample} up to and including 0-based step {@code lastStep}, capturing at each event picked. */
    PausedInside(String sample, int lastStep, Predicate<TimelineEvent> pick, int atMost) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), e -> {
            events.add(e);
            index.onEvent(e);
            if (seen.size() < atMost && pick.test(e)) {
                seen.add(new Seen(e, PageTableViewModel.capture(at(e), null, null, null, Long.MIN_VALUE, null)));
            }
        }, true);
        while (run.nextIndex() <= lastStep) {
            run.step();
        }
    }

    /** The 0-based index of the first step whose operation is {@code op}. */
    static int stepOf(String sample, String op) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        for (int i = 0; i < t.steps().size(); i++) {
            if (t.steps().get(i).op().equals(op)) {
                return i;
            }
        }
        throw new IllegalArgumentException(sample + " has no " + op + " step");
    }

    private PausedMachine at(TimelineEvent e) {
        return new PausedMachine() {
            @Override
            public ScenarioRun run() {
                return run;
            }

            @Override
            public Moment moment() {
                return new Moment(e.step(), e.seq());
            }

            @Override
            public Optional<TimelineEvent> event() {
                return Optional.of(e);
            }

            @Override
            public Selection selection() {
                return Selection.NONE;
            }

            @Override
            public TimelineIndex timeline() {
                return index;
            }

            @Override
            public Optional<TimelineEvent> recentEvent(long seq) {
                return seq >= 0 && seq < events.size() ? Optional.of(events.get((int) seq)) : Optional.empty();
            }
        };
    }
}
