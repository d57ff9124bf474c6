package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The run's event sink: stamps the VFIO migration state-machine arcs with simulated time for the report, and passes
 * every event on to a downstream sink (the app's view, or nothing).
 */
final class RunRecorder implements EventSink {
    /** One FSM arc, as the report lists it. */
    record Arc(String device, String from, String to, long timeNs) {
    }

    private final EventSink downstream;
    private final List<Arc> arcs = new ArrayList<>();
    private LongSupplier clock = () -> 0;

    RunRecorder(EventSink downstream) {
        this.downstream = downstream == null ? EventSink.NONE : downstream;
    }

    void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void emit(SimEvent event) {
        if (event instanceof VfioMigArcEvent a) {
            arcs.add(new Arc(a.deviceId(), a.from().name(), a.to().name(), clock.getAsLong()));
        }
        if (downstream.enabled()) {
            downstream.emit(event);
        }
    }

    /**
     * As eager as the downstream sink, so a run nobody watches builds no per-access events. FSM arcs still arrive:
     * VfioMigrationDevice emits them unconditionally (they are rare), which is all the report needs.
     */
    @Override
    public boolean enabled() {
        return downstream.enabled();
    }

    List<Arc> arcs() {
        return Collections.unmodifiableList(arcs);
    }
}
