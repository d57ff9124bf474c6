package io.ioptexplorer.viewmodel.topology;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.topology.TopologyView;
import io.ioptexplorer.hardware.scenario.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The topology diagram's state: the machine as last captured, and the selected item ("vm", a unit, a device). */
public final class TopologyDiagramViewModel {
    private final ObjectProperty<TrackingSnapshot> snapshot = new SimpleObjectProperty<>(TrackingSnapshot.EMPTY);
    private final StringProperty selected = new SimpleStringProperty("");
    private final ObjectProperty<DmaActivity> activity = new SimpleObjectProperty<>(DmaActivity.NONE);

    public ObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot;
    }

    /** The DMA traffic since the previous snapshot (bind to {@link DmaActivityFeed#activityProperty()}). */
    public ObjectProperty<DmaActivity> activityProperty() {
        return activity;
    }

    public StringProperty selectedProperty() {
        return selected;
    }

    public TopologyView topology() {
        return snapshot.get().topology();
    }

    /** The VM box's lines. */
    public List<String> vmLines() {
        TopologyView.Vm vm = topology().vm();
        return List.of("VM: " + Units.formatSize(vm.memoryBytes()) + " guest memory, " + vm.vcpus() + " vCPU"
                        + (vm.vcpus() == 1 ? "" : "s"),
                "KVM dirty log: " + (vm.dirtyLog().equals("ring") ? "dirty ring (" + vm.ringEntries()
                        + " entries per vCPU)" : "dirty bitmap"));
    }

    /** A unit box's lines: model, capability bits, verdict, and its HWPTs. */
    public List<String> unitLines(TopologyView.Unit u) {
        List<String> out = new ArrayList<>();
        out.add(u.id() + "  " + u.model() + " · " + u.format());
        out.add(u.register() + ": " + u.bits().stream().map(TopologyView.Bit::label)
                .collect(Collectors.joining(" ")));
        out.add(u.verdict());
        for (TopologyView.HwptNode h : topology().hwpts()) {
            if (h.unitId().equals(u.id())) {
                out.add("hwpt " + h.id() + ": " + (h.dirtyTrackingAllocated() ? "DIRTY_TRACKING" : "no dirty flag")
                        + (h.dirtyTrackingAllocated() ? h.dirtyTrackingOn() ? ", tracking on" : ", tracking off" : "")
                        + (h.devices().isEmpty() ? "" : " · " + String.join(", ", h.devices())));
            }
        }
        return out;
    }

    /** A device's lines: kind, its descriptor's enable bits, coverage, VFIO state, and any problem with its why. */
    public static List<String> deviceLines(TopologyView.DeviceNode d) {
        List<String> out = deviceHead(d);
        if (!d.problem().isEmpty()) {
            out.add(d.problem());
        }
        return out;
    }

    /**
     * A device box's lines: as {@link #deviceLines}, its problem without the whys (which, drawn whole, made the
     * mixed-host sample's boxes taller than the tab at 1280x800); clicking the box shows them in the details pane.
     */
    public static List<String> deviceBoxLines(TopologyView.DeviceNode d) {
        List<String> out = deviceHead(d);
        if (!d.problemHead().isEmpty()) {
            out.add(d.problemHead() + " (click: why)");
        }
        return out;
    }

    private static List<String> deviceHead(TopologyView.DeviceNode d) {
        List<String> out = new ArrayList<>();
        out.add(d.id() + "  " + d.kind() + (d.unitId().isEmpty() ? " (emulated)" : ""));
        if (!d.context().isEmpty()) {
            out.add(d.context() + ": " + d.contextBits().stream().map(TopologyView.Bit::label)
                    .collect(Collectors.joining(" ")) + (d.hwptId() >= 0 ? " · hwpt " + d.hwptId() : ""));
        }
        out.add("covered by: " + d.coveredBy());
        out.add("VFIO: " + d.vfioState());
        return out;
    }

    /** Every line about the selected item, for the details pane. */
    public List<String> details() {
        String id = selected.get();
        if (id.equals("vm")) {
            return vmLines();
        }
        for (TopologyView.Unit u : topology().units()) {
            if (u.id().equals(id)) {
                return unitLines(u);
            }
        }
        for (TopologyView.DeviceNode d : topology().devices()) {
            if (d.id().equals(id)) {
                return deviceLines(d);
            }
        }
        return List.of("Click the VM, an IOMMU or a device to see all it holds.");
    }
}
