package io.ioptexplorer.viewmodel.live;

/**
 * A position on the run's timeline.
 *
 * <p>{@code seq} is the sequence number of the latest event that has happened (-1 before any). When that event
 * belongs to {@code step}, the machine is paused inside that event (the step has not finished); when it belongs to an
 * earlier step, the machine is at the boundary before {@code step} (steps {@code 0..step-1} have run, step
 * {@code step} has not started). The end of a run of {@code n} steps is the boundary before step {@code n}. The two
 * cannot be told apart from the numbers alone when a step emits no event, so a snapshot also says whether it holds an
 * event ({@link MachineSnapshot#event()}).
 */
public record Moment(int step, long seq) implements Comparable<Moment> {

    /** The boundary before step {@code step}, after the event {@code lastSeq}. */
    public static Moment beforeStep(int step, long lastSeq) {
        return new Moment(step, lastSeq);
    }

    /** Timeline order: by event, then a boundary after the in-step moment of its last event. */
    @Override
    public int compareTo(Moment o) {
        return compare(step, seq, o);
    }

    /** {@code new Moment(step, seq).compareTo(o)}, without the moment. */
    public static int compare(int step, long seq, Moment o) {
        int c = Long.compare(seq, o.seq);
        return c != 0 ? c : Integer.compare(step, o.step);
    }

    public boolean isBefore(Moment o) {
        return compareTo(o) < 0;
    }

    @Override
    public String toString() {
        return "step " + step + ", event " + seq;
    }
}
