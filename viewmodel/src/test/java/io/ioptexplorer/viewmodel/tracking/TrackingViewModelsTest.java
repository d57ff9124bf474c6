package io.ioptexplorer.viewmodel.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.FsmArc;
import io.ioptexplorer.hardware.inspect.migration.FsmGraph;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.viewmodel.live.Breakpoints;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracking view models fed by a real run of the stale-IOTLB sample, through the scenario's feed. */
class TrackingViewModelsTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the sample to its end on a live session (the "UI" executor is the caller's thread) and keeps what it saw. */
    private static List<TrackingSnapshot> play(String sample, Breakpoints stops) {
        try (LiveSession session = new LiveSession(Runnable::run)) {
            ScenarioViewModel vm = new ScenarioViewModel(session, new Focus());
            List<TrackingSnapshot> seen = new ArrayList<>();
            vm.tracking().snapshotProperty().addListener((o, a, b) -> seen.add(b));
            assertThat(vm.loadFile(SAMPLES.resolve(sample))).isTrue();
            session.setBreakpoints(stops);
            MachineSnapshot s;
            do {
                s = await(vm.runToEnd());
            } while (s.nextStep() < vm.steps().size());
            return seen;
        }
    }

    private static List<TrackingSnapshot> play(String sample) {
        return play(sample, Breakpoints.NONE);
    }

    @Test
    void theFeedPublishesEachRoundAsItFinishes() {
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml",
                Breakpoints.NONE.with(BreakpointClass.ROUND_END, true));
        List<Integer> rounds = seen.stream().filter(s -> !s.migrations().isEmpty())
                .map(s -> s.migrations().get(0).rounds().size()).distinct().toList();
        assertThat(rounds).containsSubsequence(0, 1, 2, 3); // a point per finished round while it plays
    }

    @Test
    void aRewindShowsTheLanesAsTheyWereAtThatMoment() {
        try (LiveSession session = new LiveSession(Runnable::run)) {
            ScenarioViewModel vm = new ScenarioViewModel(session, new Focus());
            assertThat(vm.loadFile(SAMPLES.resolve("stale-iotlb-hazard.yaml"))).isTrue();
            await(vm.runToEnd());
            TrackingSnapshot end = vm.tracking().snapshotProperty().get();
            assertThat(end.migrations()).isNotEmpty();
            int migrate = 0;
            while (!vm.steps().get(migrate).op().equals("migrate")) {
                migrate++;
            }
            // back (each step back a replay with a fresh recorder) to the start of the migrate step: no migration yet
            while (vm.nextStepProperty().get() > migrate) {
                await(vm.stepBack());
            }
            assertThat(vm.tracking().snapshotProperty().get().migrations()).isEmpty();
            await(vm.stepForward());
            TrackingSnapshot again = vm.tracking().snapshotProperty().get();
            assertThat(again.migrations()).hasSameSizeAs(end.migrations());
            assertThat(again.migrations().get(0).rounds()).hasSameSizeAs(end.migrations().get(0).rounds());
            assertThat(again.lanes().get(0).lostIovas()).isEqualTo(end.lanes().get(0).lostIovas());
        }
    }

    @Test
    void dashboardListsEveryLostIovaWithTheSyncThatMissedIt() {
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml");
        MigrationDashboardViewModel d = new MigrationDashboardViewModel();
        d.snapshotProperty().set(seen.get(seen.size() - 1));
        assertThat(d.summary()).contains("Decision:");
        assertThat(d.verificationLine()).contains("256 of").contains("LOST");
        assertThat(d.lostPages()).hasSize(100).allSatisfy(p -> assertThat(p.lostIn()).contains("round 2"));
        assertThat(d.dirtyPagesByTracker()).containsKeys("kvm", "iommu:hwpt3", "sent next (union)");
        assertThat(d.dirtyPagesByTracker().get("kvm")).hasSize(3);
    }

    @Test
    void lanesZoomAndPanStayInsideGuestMemoryAndPickDescribesALostPage() {
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml");
        LanesViewModel l = new LanesViewModel();
        l.snapshotProperty().set(seen.get(seen.size() - 1));
        long pages = l.snapshotProperty().get().guestPages();
        assertThat(l.toProperty().get()).isEqualTo(pages);
        l.zoom(0.25, 0.0);
        assertThat(l.fromProperty().get()).isZero();
        assertThat(l.toProperty().get()).isEqualTo(pages / 4);
        l.pan(-1);
        assertThat(l.fromProperty().get()).isZero();
        for (int i = 0; i < 40; i++) {
            l.zoom(0.1, 1.0);
        }
        assertThat(l.toProperty().get() - l.fromProperty().get()).isEqualTo(LanesViewModel.MIN_SPAN);
        l.pan(1e9);
        assertThat(l.toProperty().get()).isEqualTo(pages);
        long lost = l.current().orElseThrow().lostIovas().get(0);
        List<String> lines = LanesViewModel.describe(l.current().orElseThrow(), lost >>> 12);
        assertThat(String.join("\n", lines)).contains("iommu:hwpt3 MISSED it").contains("LOST on the destination")
                .contains("round 2");
    }

    /** Side by side with room for fewer columns than syncs: the newest are shown, and how many oldest are left out. */
    @Test
    void sideBySideShowsTheNewestSyncsThatHaveRoomAndCountsTheRest() {
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml");
        LanesViewModel l = new LanesViewModel();
        l.snapshotProperty().set(seen.get(seen.size() - 1));
        List<io.ioptexplorer.hardware.inspect.tracking.LaneRound> all = l.current().orElseThrow().rounds();
        assertThat(all.size()).isGreaterThan(2);
        assertThat(l.shownRounds()).isEqualTo(all);
        assertThat(l.roundsLeftOut()).isZero();
        l.maxColumnsProperty().set(2);
        assertThat(l.shownRounds()).isEqualTo(all.subList(all.size() - 2, all.size()));
        assertThat(l.shownRounds().get(1).stopCopy()).isTrue();
        assertThat(l.roundsLeftOut()).isEqualTo(all.size() - 2);
        l.maxColumnsProperty().set(0); // no room at all: still the newest one
        assertThat(l.shownRounds()).containsExactly(all.get(all.size() - 1));
        l.smallMultiplesProperty().set(false);
        assertThat(l.roundsLeftOut()).isZero();
        assertThat(l.shownRounds()).hasSize(1);
    }

    @Test
    void fsmOfASourceDeviceEndsInStopAfterStopCopy() {
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml");
        FsmViewModel f = new FsmViewModel();
        f.snapshotProperty().set(seen.get(seen.size() - 1));
        assertThat(f.deviceIds()).isNotEmpty();
        String dev = f.deviceIds().get(0);
        f.deviceProperty().set(dev);
        assertThat(f.current()).isEqualTo(VfioMigState.STOP);
        assertThat(f.lastPath()).isNotEmpty().allSatisfy(a -> assertThat(f.graph().hasArc(a.from(), a.to())).isTrue());
        assertThat(f.deviceIds()).contains(dev + "@destination");
        f.deviceProperty().set(dev + "@destination");
        assertThat(f.current()).isEqualTo(VfioMigState.RUNNING);
        List<FsmGraph.Arc> path = f.lastPath();
        assertThat(path.get(path.size() - 1).to()).isEqualTo(VfioMigState.RUNNING);
    }

    @Test
    void lastPathIsExactlyTheLastSetCallsArcsEvenWhenCallsChainBackToBack() {
        // Three SET calls on gpu0 whose arcs follow each other and chain: only the last call's arc is the transition.
        var flags = io.ioptexplorer.hardware.vfio.migration.VfioMigFlags.of(true, true);
        var snap = new TrackingSnapshot(1, List.of(), List.of(), List.of(
                new FsmArc(0, "gpu0", VfioMigState.RUNNING, VfioMigState.PRE_COPY, VfioMigState.PRE_COPY, 1, 0),
                new FsmArc(1, "gpu0", VfioMigState.PRE_COPY, VfioMigState.PRE_COPY_P2P, VfioMigState.PRE_COPY_P2P, 2,
                        0),
                new FsmArc(2, "gpu0", VfioMigState.PRE_COPY_P2P, VfioMigState.STOP_COPY, VfioMigState.STOP_COPY, 3,
                        0)),
                List.of(new TrackingSnapshot.DeviceState("gpu0", flags, VfioMigState.STOP_COPY)),
                io.ioptexplorer.hardware.inspect.topology.TopologyView.EMPTY);
        FsmViewModel f = new FsmViewModel();
        f.snapshotProperty().set(snap);
        assertThat(f.lastPath()).containsExactly(new FsmGraph.Arc(VfioMigState.PRE_COPY_P2P, VfioMigState.STOP_COPY));
        assertThat(f.lastRequested()).isEqualTo(VfioMigState.STOP_COPY);
    }

    @Test
    void everyDevicesLastPathEndsWhereItsLastSetAsked() {
        // one SET walks several arcs (drivers/vfio/vfio_main.c vfio_mig_get_next_state()) and ends where it asked
        List<TrackingSnapshot> seen = play("stale-iotlb-hazard.yaml");
        FsmViewModel f = new FsmViewModel();
        f.snapshotProperty().set(seen.get(seen.size() - 1));
        for (String dev : f.deviceIds()) {
            f.deviceProperty().set(dev);
            List<FsmArc> mine = f.arcs();
            int lastCall = mine.get(mine.size() - 1).call();
            assertThat(f.lastPath()).hasSize((int) mine.stream().filter(a -> a.call() == lastCall).count());
            assertThat(f.lastPath().get(f.lastPath().size() - 1).to()).isEqualTo(f.lastRequested());
        }
    }
}
