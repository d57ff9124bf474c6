package io.ioptexplorer.viewmodel.migration;

import io.ioptexplorer.hardware.inspect.migration.FsmArc;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import java.util.Optional;
import java.util.Set;

/**
 * Where an FSM arc happened on the timeline: arc {@code n} of the run ({@link FsmArc#seq()}, counted by the tracking
 * recorder from the machine's assembly on, as the timeline is) is the n-th fsm-arc event. Walks the timeline's
 * fsm-arc breakpoint column only (a run has few arcs), never the whole event stream.
 */
public final class ArcMoments {
    private ArcMoments() {
    }

    public static Optional<Moment> momentOf(TimelineIndex tl, FsmArc arc) {
        Set<BreakpointClass> arcs = Set.of(BreakpointClass.FSM_ARC);
        int n = -1;
        for (long s = tl.nextBreakpoint(-1, arcs); s >= 0; s = tl.nextBreakpoint(s, arcs)) {
            if (tl.kind(s) == EventKind.FSM_ARC && ++n == arc.seq()) {
                return Optional.of(new Moment(tl.stepOf(s), s));
            }
        }
        return Optional.empty();
    }
}
