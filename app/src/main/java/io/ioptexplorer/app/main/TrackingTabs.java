package io.ioptexplorer.app.main;

import io.ioptexplorer.app.migration.MigrationDashboardView;
import io.ioptexplorer.app.topology.TopologyDiagramView;
import io.ioptexplorer.app.tracking.LanesView;
import io.ioptexplorer.hardware.inspect.topology.TopologyView;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import io.ioptexplorer.viewmodel.tracking.LostWriteFinder;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Tab;

/**
 * The issue-13 views in the explorer: Topology, Dirty lanes and Migration tabs, fed by the scenario's tracking part
 * of each snapshot, and tied to the shared {@link Focus} (a device or IOMMU picked on the diagram is the selection;
 * a lost IOVA goes to the moment its write went unrecorded).
 */
final class TrackingTabs {
    private static final long PAGE = 4096;

    private TrackingTabs() {
    }

    static void addTo(ExplorerLayout layout, ScenarioViewModel scenario) {
        LanesViewModel lanesVm = new LanesViewModel();
        MigrationDashboardViewModel dashboardVm = new MigrationDashboardViewModel();
        FsmViewModel fsmVm = new FsmViewModel();
        TopologyDiagramViewModel topologyVm = new TopologyDiagramViewModel();
        for (var target : List.of(lanesVm.snapshotProperty(), dashboardVm.snapshotProperty(),
                fsmVm.snapshotProperty(), topologyVm.snapshotProperty())) {
            target.bind(scenario.tracking().snapshotProperty());
        }
        layout.addTab("topology-tab", "Topology", new TopologyDiagramView(topologyVm).root());
        Tab lanesTab = layout.addTab("lanes-tab", "Dirty lanes", new LanesView(lanesVm).root());
        Focus focus = scenario.focus();
        MigrationDashboardView dashboard = new MigrationDashboardView(dashboardVm, fsmVm, (migration, iova) -> {
            lanesVm.focusPage(migration, iova, PAGE);
            layout.tabs().getSelectionModel().select(lanesTab);
            focus.select(new Selection.Iova(-1, iova));
            scenario.session().query(pm -> LostWriteFinder.momentOf(pm.timeline(), iova, PAGE))
                    .thenAccept(m -> m.ifPresent(moment -> Platform.runLater(() -> focus.moveTo(moment))));
        });
        layout.addTab("migration-tab", "Migration", dashboard.root());
        followFocus(topologyVm, focus);
        // A page picked in the lanes is the shared selection: the page-table tab walks it to its entry.
        lanesVm.pickedIovaProperty().addListener((o, was, iova) -> {
            if (iova.longValue() >= 0) {
                focus.select(new Selection.Iova(-1, iova.longValue()));
            }
        });
    }

    /** The diagram's pick is the shared selection, and a device or IOMMU selected elsewhere is picked here. */
    private static void followFocus(TopologyDiagramViewModel vm, Focus focus) {
        vm.selectedProperty().addListener((o, was, id) -> {
            Selection s = selectionOf(vm.topology(), id);
            if (s != null) {
                focus.select(s);
            }
        });
        focus.selectionProperty().addListener((o, was, s) -> {
            if (s instanceof Selection.Device d) {
                vm.selectedProperty().set(d.id());
            } else if (s instanceof Selection.Iommu u) {
                vm.selectedProperty().set(u.unitId());
            }
        });
    }

    private static Selection selectionOf(TopologyView t, String id) {
        if (id == null || id.isEmpty() || t == null) {
            return null;
        }
        if (t.devices().stream().anyMatch(d -> d.id().equals(id))) {
            return new Selection.Device(id);
        }
        if (t.units().stream().anyMatch(u -> u.id().equals(id))) {
            return new Selection.Iommu(id);
        }
        return null;
    }
}
