package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.machine.Machine;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Carries {@link TrackingSnapshot}s from the simulation thread to the views: at most one hand-over is pending on the
 * UI executor, and a newer snapshot replaces one not yet taken (chart-fx's "coalesce, never flood"), so a migration
 * playing at full speed costs the UI one update per frame at most, however many rounds and arcs it emits.
 */
public final class TrackingFeed {
    private final Executor ui;
    private final AtomicReference<TrackingSnapshot> pending = new AtomicReference<>();
    private final ReadOnlyObjectWrapper<TrackingSnapshot> snapshot =
            new ReadOnlyObjectWrapper<>(TrackingSnapshot.EMPTY);
    private volatile TrackingRecorder recorder;

    public TrackingFeed(Executor ui) {
        this.ui = ui;
    }

    /** The sink for a new run; snapshots of any earlier run are dropped from now on. */
    public EventSink newRun() {
        TrackingRecorder[] self = new TrackingRecorder[1];
        self[0] = new TrackingRecorder(EventSink.NONE, s -> {
            if (recorder == self[0]) {
                publish(s);
            }
        });
        recorder = self[0];
        pending.set(null);
        return self[0];
    }

    /** Tells the recorder its machine, and shows the empty state of the new run. */
    public void attach(Machine m) {
        TrackingRecorder r = recorder;
        r.attach(m);
        publish(r.snapshot());
    }

    /** On the simulation thread, after a step: publish the state now. */
    public void stepDone() {
        TrackingRecorder r = recorder;
        if (r != null) {
            publish(r.snapshot());
        }
    }

    private void publish(TrackingSnapshot s) {
        if (pending.getAndSet(s) == null) {
            ui.execute(() -> {
                TrackingSnapshot newest = pending.getAndSet(null);
                if (newest != null) {
                    snapshot.set(newest);
                }
            });
        }
    }

    /** The newest snapshot the UI took; changes only on the UI executor. */
    public ReadOnlyObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }
}
