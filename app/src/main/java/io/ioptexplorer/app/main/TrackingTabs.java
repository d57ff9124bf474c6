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
import io.ioptexplorer.viewmodel.topology.DmaActivityFeed;
import io.ioptexplorer.viewmodel.stage.StoryViewModel;
import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import io.ioptexplorer.viewmodel.tracking.LostWriteFinder;
import io.ioptexplorer.viewmodel.tracking.PageTrace;
import io.ioptexplorer.viewmodel.migration.ArcMoments;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import java.util.function.BiConsumer;
import javafx.beans.value.ObservableValue;
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

    static void addTo(ExplorerLayout layout, ScenarioViewModel scenario, StoryViewModel story,
            ObservableValue<DirtyDifference> pinnedDirty, BiConsumer<Integer, Long> goToEntry) {
        LanesViewModel lanesVm = new LanesViewModel();
        lanesVm.pinnedDifferenceProperty().bind(pinnedDirty);
        MigrationDashboardViewModel dashboardVm = new MigrationDashboardViewModel();
        FsmViewModel fsmVm = new FsmViewModel();
        TopologyDiagramViewModel topologyVm = new TopologyDiagramViewModel();
        // One step or the whole story: the lanes' small multiples and the dashboard's rounds follow one switch.
        lanesVm.smallMultiplesProperty().bindBidirectional(story.wholeStoryProperty());
        dashboardVm.wholeStoryProperty().bind(story.wholeStoryProperty());
        Tab topologyTab = layout.addTab("topology-tab", "Topology", new TopologyDiagramView(topologyVm).root());
        Focus focus = scenario.focus();
        LanesView lanes = new LanesView(lanesVm);
        lanes.setGoTo(focus::moveTo);
        lanes.setOnGoToEntry(iova -> goToEntry.accept(-1, iova)); // -1: the HWPT the page-table tab shows
        Tab lanesTab = layout.addTab("lanes-tab", "Dirty lanes", lanes.root());
        MigrationDashboardView dashboard = new MigrationDashboardView(dashboardVm, fsmVm, (migration, iova) -> {
            layout.tabs().getSelectionModel().select(lanesTab); // first: the lanes are fed while they show
            lanesVm.focusPage(migration, iova, PAGE);
            focus.select(new Selection.Iova(-1, iova));
            scenario.session().query(pm -> LostWriteFinder.momentOf(pm.timeline(), iova, PAGE))
                    .thenAccept(m -> m.ifPresent(moment -> Platform.runLater(() -> focus.moveTo(moment))));
        });
        Tab migrationTab = layout.addTab("migration-tab", "Migration", dashboard.root());
        var tracking = scenario.tracking().snapshotProperty();
        ShownTab.feed(topologyVm.snapshotProperty(), tracking, topologyTab.selectedProperty());
        DmaActivityFeed activity = new DmaActivityFeed(scenario.session());
        ShownTab.feed(topologyVm.activityProperty(), activity.activityProperty(), topologyTab.selectedProperty());
        // The machine thread skips what no tab on screen draws while the machine plays (issue 11's frame time).
        ShownTab.tell(activity::setShown, topologyTab.selectedProperty());
        ShownTab.tell(scenario.tracking()::setLiveLanesShown, lanesTab.selectedProperty(),
                migrationTab.selectedProperty());
        ShownTab.feed(lanesVm.snapshotProperty(), tracking, lanesTab.selectedProperty());
        ShownTab.feed(dashboardVm.snapshotProperty(), tracking, migrationTab.selectedProperty());
        ShownTab.feed(fsmVm.snapshotProperty(), tracking, migrationTab.selectedProperty());
        followFocus(topologyVm, focus);
        traceAndFollow(lanesVm, scenario, focus);
        fsmFollows(fsmVm, scenario, focus);
    }

    /**
     * A page picked in the lanes is the selected IOVA, and is traced to its causes on the machine thread; an IOVA
     * selected elsewhere is picked in the lanes (while a migration is shown).
     */
    private static void traceAndFollow(LanesViewModel vm, ScenarioViewModel scenario, Focus focus) {
        vm.setTracer((migration, frame) -> {
            long iova = frame * PAGE;
            if (!(focus.selection() instanceof Selection.Iova s && s.iova() == iova)) {
                focus.select(new Selection.Iova(-1, iova));
            }
            scenario.session().query(pm -> PageTrace.of(pm, migration, frame))
                    .thenAccept(lines -> Platform.runLater(() -> vm.showTrace(frame, lines)));
        });
        focus.selectionProperty().addListener((o, was, s) -> {
            int m = vm.migrationProperty().get();
            if (s instanceof Selection.Iova i && m >= 0 && i.iova() / PAGE != vm.pickedFrame()
                    && i.iova() >= 0 && i.iova() / PAGE < vm.snapshotProperty().get().guestPages()) {
                vm.focusPage(m, i.iova(), vm.toProperty().get() - vm.fromProperty().get());
            }
        });
    }

    /**
     * A device selected anywhere is the one the FSM diagram shows; a state clicked on the diagram selects its device
     * and moves the focus to the moment the device last entered that state.
     */
    private static void fsmFollows(FsmViewModel vm, ScenarioViewModel scenario, Focus focus) {
        focus.selectionProperty().addListener((o, was, s) -> {
            if (s instanceof Selection.Device d && vm.deviceIds().contains(d.id())) {
                vm.deviceProperty().set(d.id());
            }
        });
        vm.pickedArcProperty().addListener((o, was, arc) -> {
            if (arc == null) {
                return;
            }
            String device = arc.device().contains("@") ? arc.device().substring(0, arc.device().indexOf('@'))
                    : arc.device();
            focus.select(new Selection.Device(device));
            scenario.session().query(pm -> ArcMoments.momentOf(pm.timeline(), arc))
                    .thenAccept(m -> m.ifPresent(moment -> Platform.runLater(() -> focus.moveTo(moment))));
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
