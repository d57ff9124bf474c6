package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.timeline.TimelineEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine at one moment, as immutable values taken on the machine thread: where it is, the steps finished so far,
 * and each registered view's part. Published to the FX thread, newest wins.
 *
 * @param generation  which opened scenario (a new file or a reset starts a new one)
 * @param moment      the moment shown
 * @param event       the event the machine is paused inside, or null at a step boundary
 * @param paused      false while playing or running (a frame taken on the way)
 * @param nextStep    the step that runs next (steps {@code 0..nextStep-1} are finished)
 * @param outcomes    the finished steps, in order
 * @param timelineSize events known so far (the event log's length)
 * @param timeNs      simulated time
 * @param selection   the selection the parts were captured for
 * @param commandsDone how many commands the machine has taken (the session compares it with what it asked)
 * @param message     what the last command did, in one line (for the status bar), or ""
 */
public record MachineSnapshot(long generation, Moment moment, TimelineEvent event, boolean paused, int nextStep,
                              List<StepOutcome> outcomes, long timelineSize, long timeNs, Selection selection,
                              long commandsDone, String message, Map<SnapshotPart<?>, Object> parts) {

    public MachineSnapshot {
        outcomes = List.copyOf(outcomes);
        parts = Map.copyOf(parts);
    }

    public Optional<TimelineEvent> currentEvent() {
        return Optional.ofNullable(event);
    }

    /** Whether the machine is between steps rather than inside an event. */
    public boolean atBoundary() {
        return event == null;
    }

    /** This view's part, or null when it was not registered yet (or its capture failed). */
    @SuppressWarnings("unchecked")
    public <T> T part(SnapshotPart<T> part) {
        Object v = parts.get(part);
        return v instanceof CaptureFailure ? null : (T) v;
    }

    /** Why a part could not be captured, or empty. */
    public Optional<String> partFailure(SnapshotPart<?> part) {
        return parts.get(part) instanceof CaptureFailure f ? Optional.of(f.why()) : Optional.empty();
    }

    record CaptureFailure(String why) {
    }
}
