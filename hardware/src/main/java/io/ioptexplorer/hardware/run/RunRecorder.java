package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.ScopedEventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.timeline.TimelineListener;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The run's event sink: stamps the VFIO migration state-machine arcs with simulated time for the report, passes
 * every event on to a downstream sink, and places each event on the timeline (sequence number, step, simulated
 * time, scope) for a {@link TimelineListener} while the timeline is on.
 */
final class RunRecorder implements ScopedEventSink {
    /** One FSM arc, as the report lists it. */
    record Arc(String device, String from, String to, long timeNs) {
    }

    private final EventSink downstream;
    private final TimelineListener listener;
    private final List<Arc> arcs = new ArrayList<>();
    private LongSupplier clock = () -> 0;
    private boolean timelineOn;
    private long nextSeq;
    private int step = -1;

    RunRecorder(EventSink downstream, TimelineListener listener, boolean timelineOn) {
        this.downstream = downstream == null ? EventSink.NONE : downstream;
        this.listener = listener;
        this.timelineOn = timelineOn && listener != null;
    }

    /**
     * A recorder at the same place of the run (its arcs, next sequence number and step), feeding {@code downstream}
     * and {@code listener} from now on.
     */
    RunRecorder copy(CopyContext ctx, EventSink downstream, TimelineListener listener, boolean timelineOn) {
        RunRecorder r = new RunRecorder(downstream, listener, timelineOn);
        ctx.register(this, r);
        r.arcs.addAll(arcs); // Arc is immutable
        ctx.count(48L * arcs.size());
        r.nextSeq = nextSeq;
        r.step = step;
        return r;
    }

    void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** Events from now on belong to step {@code index} (0-based). */
    void beginStep(int index) {
        this.step = index;
    }

    void setTimelineOn(boolean on) {
        this.timelineOn = on && listener != null;
    }

    boolean timelineOn() {
        return timelineOn;
    }

    long nextSeq() {
        return nextSeq;
    }

    void setNextSeq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("a sequence number is never negative: " + seq);
        }
        this.nextSeq = seq;
    }

    @Override
    public void emit(EventScope scope, SimEvent event) {
        if (event instanceof VfioMigArcEvent a) {
            arcs.add(new Arc(a.deviceId(), a.from().name(), a.to().name(), clock.getAsLong()));
        }
        if (downstream.recordsEnabled()) {
            downstream.emit(event);
        }
        if (timelineOn) {
            // The listener may block here (the app pauses inside an event) or throw an Error to abandon the run.
            listener.onEvent(nextSeq++, step, clock.getAsLong(), event, scope == null ? EventScope.NONE : scope);
        }
    }

    /**
     * As eager as the downstream sink and the timeline, so a run nobody watches builds no per-access events. FSM
     * arcs still arrive: VfioMigrationDevice emits them unconditionally (they are rare), which is all the report
     * needs. Components ask this on every operation, so switching the timeline between steps takes effect at once.
     */
    @Override
    public boolean enabled() {
        return timelineOn || downstream.enabled();
    }

    @Override
    public boolean recordsEnabled() {
        return timelineOn || downstream.recordsEnabled();
    }

    List<Arc> arcs() {
        return Collections.unmodifiableList(arcs);
    }
}
