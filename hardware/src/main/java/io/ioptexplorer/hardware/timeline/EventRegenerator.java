package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives back the full records of a window of the timeline, which the compact {@link TimelineIndex} does not keep:
 * a fresh run of the same topology and seed replays the steps before with the timeline off (no event is built),
 * then runs the step with the timeline on, numbering from the step's first seq, and stops as soon as the window is
 * complete.
 */
public final class EventRegenerator {
    private final Topology topology;
    private final long seed;

    public EventRegenerator(Topology topology, long seed) {
        this.topology = topology;
        this.seed = seed;
    }

    /**
     * The events with seq in [from, to) of {@code step} (-1: the machine's assembly), whose first event has seq
     * {@code stepFirstSeq} (from {@link TimelineIndex#firstSeqOfStep}). Fewer when the step ends first.
     */
    public List<TimelineEvent> window(int step, long stepFirstSeq, long from, long to) {
        if (step < -1 || step >= topology.steps().size()) {
            throw new IllegalArgumentException("step " + step + " is not in " + topology.name() + " (steps 0.."
                    + (topology.steps().size() - 1) + ", -1 for the assembly)");
        }
        List<TimelineEvent> out = new ArrayList<>();
        TimelineListener collect = e -> {
            if (e.seq() >= to) {
                throw new RunAbandoned("window complete");
            }
            if (e.seq() >= from) {
                out.add(e);
            }
        };
        try {
            ScenarioRun run = new ScenarioRun(topology, seed, collect, step == -1);
            if (step >= 0) {
                for (int i = 0; i < step; i++) {
                    run.step();
                }
                run.setNextSeq(stepFirstSeq);
                run.setTimelineOn(true);
                run.step();
            }
        } catch (RunAbandoned done) {
            // the window is complete; the rest of the step is not needed
        }
        return out;
    }
}
