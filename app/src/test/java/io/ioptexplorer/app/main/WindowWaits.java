package io.ioptexplorer.app.main;

import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** How window tests wait for the live machine: until it has paused and its snapshot is drawn, or for a condition. */
public final class WindowWaits {
    /**
     * The bound for what the live machine and the views do in answer to one action. Generous: four builds share two
     * cores on the host that runs the suite, and a bound only matters when the wait fails anyway.
     */
    private static final long LOADED_HOST_SECONDS = 120;

    private WindowWaits() {
    }

    /** Until the machine is idle (bounded: 90 s for a loaded CI host), then a frame or two for the snapshot. */
    public static void idle(MainWindowView view) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        Thread.sleep(100); // a frame or two for the coalesced snapshot to be drawn
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Until {@code condition} holds (at most 20 s), then the FX events it caused. */
    public static void until(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Until {@code condition} holds (bounded for a loaded host), then {@link #settle()}: for conditions reached
     * through several reads of the machine in turn (a reveal expands one table per read).
     */
    public static void settled(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(LOADED_HOST_SECONDS, TimeUnit.SECONDS, condition);
        settle();
    }

    /** Half a second of frames: lets the reads a drawn state set off (detail, history, flashes) land too. */
    public static void settle() throws Exception {
        for (int i = 0; i < 5; i++) {
            Thread.sleep(100);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /**
     * Runs steps until {@code lastIndex} has run (0-based), then waits until the Page tables tab shows that moment,
     * between steps.
     */
    public static void stepTo(FxRobot robot, MainWindowView view, int lastIndex) throws Exception {
        while (true) {
            WaitForAsyncUtils.waitFor(LOADED_HOST_SECONDS, TimeUnit.SECONDS,
                () -> !view.scenario().busyProperty().get());
            if (view.scenario().nextStepProperty().get() > lastIndex) {
                break;
            }
            robot.interact(() -> view.scenario().stepForward());
        }
        settled(() -> {
            PageTableSnapshot s = view.pageTablesViewModel().snapshotProperty().get();
            return s != null && s.step() == lastIndex && s.inside() == null;
        });
    }

    /** Opens a sample and waits until the Page tables tab shows it before its first step, with a HWPT. */
    public static void openSample(FxRobot robot, MainWindowView view, String sample) throws Exception {
        robot.interact(() -> view.openSample(sample));
        try {
            settled(() -> {
                PageTableSnapshot s = view.pageTablesViewModel().snapshotProperty().get();
                return s != null && s.step() == -1 && s.hwpt() != null;
            });
        } catch (java.util.concurrent.TimeoutException e) {
            PageTableSnapshot s = view.pageTablesViewModel().snapshotProperty().get();
            throw new AssertionError(sample + " did not show: step " + (s == null ? "none" : s.step() + ", hwpts "
                + s.hwpts()) + ", message '" + view.pageTablesViewModel().messageProperty().get() + "', status '"
                + view.scenario().statusProperty().get() + "'", e);
        }
    }

    /** Puts the stage at the screen's corner, {@code w} by {@code h}, then {@link #settle()}. */
    public static void placeStage(FxRobot robot, Stage stage, double w, double h) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(w);
            stage.setHeight(h);
        });
        settle();
    }

    /**
     * {@link #placeStage} once the size keeper of any window built on this stage before (WindowSizeKeeper, 2 s;
     * TestFX reuses one stage for every test class) has let go.
     */
    public static void placeStageAfterKeeper(FxRobot robot, Stage stage, double w, double h) throws Exception {
        Thread.sleep(2200);
        placeStage(robot, stage, w, h);
    }

    /** Selects the main tab with this id. */
    public static void showTab(MainWindowView view, String id) {
        var tabs = view.layout().tabs();
        tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
            .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /**
     * Runs the open scenario to its end and waits until its first migration is recorded as finished (bounded for a
     * loaded host: a migration of the stale-IOTLB sample replays hundreds of thousands of events).
     */
    public static void runToEndOfFirstMigration(FxRobot robot, MainWindowView view) throws Exception {
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            var s = view.scenario().tracking().snapshotProperty().get();
            return !s.migrations().isEmpty() && !s.migrations().get(0).running();
        });
    }

    /** Back to the window as it opens: out of presentation mode, at scale 1 (a stage test's {@code @AfterEach}). */
    public static void leavePresentation(FxRobot robot, PresentationViewModel vm) {
        robot.interact(() -> {
            if (vm.isPresenting()) {
                vm.togglePresenting();
            }
            vm.setScale(1.0);
        });
    }
}
