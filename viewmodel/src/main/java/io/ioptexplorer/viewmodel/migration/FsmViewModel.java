package io.ioptexplorer.viewmodel.migration;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.FsmArc;
import io.ioptexplorer.hardware.inspect.migration.FsmGraph;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The VFIO state-machine diagram's state: the chosen device (a source device or its destination twin), its graph
 * from the simulator's FSM, its current state and the arcs of its last transition, in order.
 */
public final class FsmViewModel {
    private final ObjectProperty<TrackingSnapshot> snapshot = new SimpleObjectProperty<>(TrackingSnapshot.EMPTY);
    private final StringProperty device = new SimpleStringProperty("");
    private final ObjectProperty<FsmArc> pickedArc = new SimpleObjectProperty<>();

    public FsmViewModel() {
        snapshot.addListener((o, was, now) -> {
            List<String> ids = deviceIds();
            if (!ids.contains(device.get())) {
                device.set(ids.isEmpty() ? "" : ids.get(0));
            }
        });
    }

    public ObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    /** Source devices, then destination twins that took arcs. */
    public List<String> deviceIds() {
        return new ArrayList<>(flagsById().keySet());
    }

    private Map<String, VfioMigFlags> flagsById() {
        Map<String, VfioMigFlags> out = new LinkedHashMap<>();
        for (TrackingSnapshot.DeviceState d : snapshot.get().devices()) {
            out.put(d.id(), d.flags());
        }
        for (FsmArc a : snapshot.get().arcs()) {
            int at = a.device().indexOf('@');
            if (at > 0 && out.containsKey(a.device().substring(0, at))) {
                out.putIfAbsent(a.device(), out.get(a.device().substring(0, at)));
            }
        }
        return out;
    }

    public FsmGraph graph() {
        VfioMigFlags f = flagsById().get(device.get());
        return FsmGraph.of(f == null ? VfioMigFlags.stopCopyOnly() : f);
    }

    /** The chosen device's state now: its last arc's target, else what the machine says (RUNNING at start). */
    public VfioMigState current() {
        List<FsmArc> mine = arcs();
        if (!mine.isEmpty()) {
            return mine.get(mine.size() - 1).to();
        }
        for (TrackingSnapshot.DeviceState d : snapshot.get().devices()) {
            if (d.id().equals(device.get())) {
                return d.state();
            }
        }
        return VfioMigState.RUNNING;
    }

    /** Every arc the chosen device took. */
    public List<FsmArc> arcs() {
        List<FsmArc> out = new ArrayList<>();
        for (FsmArc a : snapshot.get().arcs()) {
            if (a.device().equals(device.get())) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The arcs of the device's last transition: exactly those its last VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE SET walked
     * (the arcs carry the call they belong to; the kernel walks them one by one through vfio_mig_get_next_state()).
     */
    public List<FsmGraph.Arc> lastPath() {
        List<FsmArc> mine = arcs();
        List<FsmGraph.Arc> out = new ArrayList<>();
        if (mine.isEmpty()) {
            return out;
        }
        int call = mine.get(mine.size() - 1).call();
        for (FsmArc a : mine) {
            if (a.call() == call) {
                out.add(new FsmGraph.Arc(a.from(), a.to()));
            }
        }
        return out;
    }

    /**
     * The arc the user picked on the diagram (the device's last arc into the state clicked): the explorer selects
     * the device and moves the focus to that arc's moment.
     */
    public ObjectProperty<FsmArc> pickedArcProperty() {
        return pickedArc;
    }

    /** Picks the chosen device's last arc into {@code state}; false (nothing picked) when it never went there. */
    public boolean pickState(VfioMigState state) {
        List<FsmArc> mine = arcs();
        for (int i = mine.size() - 1; i >= 0; i--) {
            if (mine.get(i).to() == state) {
                pickedArc.set(null); // picking the same arc again still moves the focus
                pickedArc.set(mine.get(i));
                return true;
            }
        }
        return false;
    }

    /** The state the last SET asked for, or null before any arc. */
    public VfioMigState lastRequested() {
        List<FsmArc> mine = arcs();
        return mine.isEmpty() ? null : mine.get(mine.size() - 1).requested();
    }
}
