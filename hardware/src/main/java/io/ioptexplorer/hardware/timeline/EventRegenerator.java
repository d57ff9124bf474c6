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
        List<TimelineEvent> out = new ArrayList<>();
        replay(step, stepFirstSeq, e -> {
            if (e.seq() >= to) {
                throw new RunAbandoned("window complete");
            }
            if (e.seq() >= from) {
                out.add(e);
            }
        });
        return out;
    }

    /** Replays up to {@code step} with the timeline off, then the step with it on, until {@code collect} abandons. */
    private void replay(int step, long stepFirstSeq, TimelineListener collect) {
        if (step < -1 || step >= topology.steps().size()) {
            throw new IllegalArgumentException("step " + step + " is not in " + topology.name() + " (steps 0.."
                    + (topology.steps().size() - 1) + ", -1 for the assembly)");
        }
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
    }

    /**
     * The full records of a few events of one step, given by seq in increasing order (a page's trace asks for the
     * accesses that wrote it): one replay, abandoned after the last wanted event.
     */
    public java.util.Map<Long, TimelineEvent> pick(int step, long stepFirstSeq, long[] sortedSeqs) {
        java.util.Map<Long, TimelineEvent> out = new java.util.HashMap<>();
        if (sortedSeqs.length == 0) {
            return out;
        }
        long last = sortedSeqs[sortedSeqs.length - 1];
        replay(step, stepFirstSeq, e -> {
            if (e.seq() > last) {
                throw new RunAbandoned("picked");
            }
            if (java.util.Arrays.binarySearch(sortedSeqs, e.seq()) >= 0) {
                out.put(e.seq(), e); // only the wanted few are kept
            }
        });
        return out;
    }
}
