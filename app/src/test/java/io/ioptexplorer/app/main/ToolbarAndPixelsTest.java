package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.log.LogRow;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.geometry.Point2D;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The explorer window, clicked rather than keyed (issue 16): every button of the transport bar with its effect and
 * its disabled states (also while the machine is busy or playing), Help/About and the sample gallery, File > Open
 * through the real code path with only the platform dialog replaced, the pixels of the window's canvases (dirty
 * bitmap, event log, timeline strip) read back, and closing the window while a migration plays.
 */
@ExtendWith(ApplicationExtension.class)
class ToolbarAndPixelsTest {
    /** Every button {@link Commands} puts on the transport bar. */
    private static final List<String> TRANSPORT = List.of("open-button", "reset-button", "back-button",
            "event-back-button", "step-button", "step-into-button", "step-out-button", "phase-button", "play-button",
            "run-button", "focus-back-button", "focus-forward-button", "slower-button", "faster-button",
            "pace-button", "maximise-button", "theme-button", "about-button");
    /** The buttons that drive the machine: none may be pressed while it runs. */
    private static final List<String> MACHINE = List.of("reset-button", "back-button", "event-back-button",
            "step-button", "step-into-button", "step-out-button", "phase-button", "run-button");

    private Stage stage;
    private MainWindowView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.open(stage, new InMemorySettingsStore());
    }

    private void waitIdle() throws Exception {
        WindowWaits.idle(view);
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WindowWaits.until(condition);
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryButton();
    }

    private static List<StepRow.Status> statuses(FxRobot robot) {
        ListView<StepRow> steps = robot.lookup("#step-list").queryListView();
        return steps.getItems().stream().map(StepRow::status).toList();
    }

    private int next() {
        return view.scenario().nextStepProperty().get();
    }

    /** The tour's first DMA write is step 7: step over the set-up steps, then into its first event. */
    private void enterTheFirstDmaWrite(FxRobot robot) throws Exception {
        int dma = 7;
        assertThat(view.scenario().steps().get(dma).op()).isEqualTo("dma");
        for (int i = 0; i < dma; i++) {
            robot.clickOn("#step-button");
            waitIdle();
        }
        assertThat(next()).isEqualTo(dma);
        robot.clickOn("#step-into-button");
        waitIdle();
        assertThat(view.scenario().insideStepProperty().get()).isTrue();
    }

    private static WritableImage shoot(FxRobot robot, Canvas canvas) {
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        robot.interact(() -> {
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            shot.set(canvas.snapshot(p, null));
        });
        return shot.get();
    }

    @Test
    void everyTransportButtonIsOnTheBarWithItsHelp(FxRobot robot) throws Exception {
        waitIdle();
        for (String id : TRANSPORT) {
            Button b = button(robot, id);
            assertThat(b.isVisible()).as(id).isTrue();
            assertThat(b.getTooltip()).as("%s explains itself", id).isNotNull();
        }
    }

    @Test
    void stepBackRunResetAndStepIntoOutButtonsDoWhatTheySayAndAreDisabledWhenTheyCannot(FxRobot robot)
            throws Exception {
        waitIdle();
        assertThat(button(robot, "back-button").isDisabled()).as("nothing to go back to").isTrue();
        assertThat(button(robot, "event-back-button").isDisabled()).isTrue();
        assertThat(button(robot, "step-out-button").isDisabled()).as("not inside a step").isTrue();
        assertThat(button(robot, "focus-forward-button").isDisabled()).as("no focus to go forward to").isTrue();
        assertThat(button(robot, "step-button").isDisabled()).isFalse();
        assertThat(button(robot, "run-button").isDisabled()).isFalse();

        robot.clickOn("#step-button");
        waitIdle();
        assertThat(statuses(robot).get(0)).isEqualTo(StepRow.Status.OK);
        assertThat(statuses(robot).get(1)).isEqualTo(StepRow.Status.PENDING);
        assertThat(next()).isEqualTo(1);
        assertThat(button(robot, "back-button").isDisabled()).isFalse();

        robot.clickOn("#back-button");
        waitIdle();
        assertThat(next()).isZero();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.PENDING));
        assertThat(button(robot, "back-button").isDisabled()).isTrue();

        // over the set-up steps to the tour's first DMA write (step 7), into it, one event back, then step out
        enterTheFirstDmaWrite(robot);
        int inside = next();
        long seq = view.scenario().focus().moment().seq();
        robot.clickOn("#step-into-button");
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).as("one event further").isGreaterThan(seq);
        assertThat(button(robot, "event-back-button").isDisabled()).isFalse();
        robot.clickOn("#event-back-button");
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).as("one event back").isEqualTo(seq);
        assertThat(button(robot, "step-out-button").isDisabled()).isFalse();
        robot.clickOn("#step-out-button");
        waitIdle();
        assertThat(view.scenario().insideStepProperty().get()).isFalse();
        assertThat(next()).isEqualTo(inside + 1);

        robot.clickOn("#run-button");
        waitIdle();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.OK));
        for (String id : List.of("step-button", "run-button", "step-into-button", "phase-button", "play-button")) {
            assertThat(button(robot, id).isDisabled()).as("%s: no step left", id).isTrue();
        }
        assertThat(button(robot, "reset-button").isDisabled()).isFalse();

        robot.clickOn("#reset-button");
        waitIdle();
        assertThat(next()).isZero();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.PENDING));
        assertThat(button(robot, "step-button").isDisabled()).isFalse();

        // the focus history: a click on a log line moves the focus; back returns, forward goes there again
        long here = view.scenario().focus().moment().seq();
        assertThat(button(robot, "focus-back-button").isDisabled()).isTrue();
        LogRow target = view.eventLog().rowAt(EventLogViewTestRows.ROW * 2.5);
        assertThat(target).isNotNull();
        robot.clickOn(view.eventLog().canvas().localToScreen(40, EventLogViewTestRows.ROW * 2.5), MouseButton.PRIMARY);
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).isEqualTo(target.seq());
        assertThat(button(robot, "focus-back-button").isDisabled()).isFalse();
        robot.clickOn("#focus-back-button");
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).isEqualTo(here);
        assertThat(button(robot, "focus-forward-button").isDisabled()).isFalse();
        robot.clickOn("#focus-forward-button");
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).isEqualTo(target.seq());
    }

    /** Next phase stops at a phase boundary of the migration sample: short of the end, and further each click. */
    @Test
    void thePhaseButtonRunsToTheNextMigrationPhaseAndNoFurther(FxRobot robot) throws Exception {
        waitIdle();
        robot.interact(() -> view.openSample("amd-nic-iommu.yaml"));
        waitIdle();
        long start = view.scenario().focus().moment().seq();
        robot.clickOn("#phase-button");
        waitIdle();
        long first = view.scenario().focus().moment().seq();
        assertThat(first).as("the machine moved").isGreaterThan(start);
        assertThat(button(robot, "step-button").isDisabled()).as("stopped short of the end").isFalse();
        robot.clickOn("#phase-button");
        waitIdle();
        assertThat(view.scenario().focus().moment().seq()).as("the next phase is further on").isGreaterThan(first);
        robot.clickOn("#run-button");
        waitIdle();
        long end = view.scenario().focus().moment().seq();
        assertThat(end).isGreaterThan(first);
        assertThat(button(robot, "phase-button").isDisabled()).as("no phase left").isTrue();
    }

    @Test
    void whileTheMachinePlaysEveryMachineButtonIsDisabledAndPlayReadsPause(FxRobot robot) throws Exception {
        waitIdle();
        List<String> seenWhileBusy = new CopyOnWriteArrayList<>();
        robot.interact(() -> view.scenario().busyProperty().addListener((o, was, busy) -> {
            if (busy) {
                for (String id : MACHINE) {
                    seenWhileBusy.add(id + "=" + (button(robot, id).isDisabled() ? "disabled" : "ENABLED"));
                }
            }
        }));
        robot.interact(() -> view.commands().speedSlider().setValue(3)); // 10 events a second: stays busy
        WaitForAsyncUtils.waitForFxEvents();
        double playWidth = button(robot, "play-button").getWidth();
        double runX = button(robot, "run-button").localToScene(0, 0).getX();
        robot.clickOn("#play-button");
        // Busy can come before the play command itself is taken: wait for the playing state, boundedly.
        waitUntil(() -> view.scenario().busyProperty().get() && "Pause".equals(button(robot, "play-button").getText())
                && !button(robot, "play-button").isDisabled());
        assertThat(button(robot, "play-button").getText()).isEqualTo("Pause");
        assertThat(button(robot, "play-button").isDisabled()).as("pause stays possible").isFalse();
        for (String id : MACHINE) {
            assertThat(button(robot, id).isDisabled()).as("%s while playing", id).isTrue();
        }
        // "Pause" is as wide as "Play" was: nothing after it moved under the pointer (nor was drawn again).
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(button(robot, "play-button").getWidth()).as("Pause's width").isEqualTo(playWidth);
        assertThat(button(robot, "run-button").localToScene(0, 0).getX()).as("Run all stays put").isEqualTo(runX);
        javafx.scene.text.Text drawn = (javafx.scene.text.Text) button(robot, "play-button").lookup(".text");
        assertThat(drawn.getText()).as("Pause drawn whole").isEqualTo("Pause");
        // Pause through the button itself (a click aimed at it can miss on a loaded host while the window is busy:
        // the run then plays to its end).
        robot.interact(() -> button(robot, "play-button").fire());
        waitIdle();
        waitUntil(() -> "Play".equals(button(robot, "play-button").getText())
                && !button(robot, "step-button").isDisabled());
        assertThat(button(robot, "play-button").getText()).isEqualTo("Play");
        assertThat(button(robot, "step-button").isDisabled()).isFalse();
        assertThat(seenWhileBusy).isNotEmpty().allSatisfy(s -> assertThat(s).endsWith("=disabled"));
    }

    @Test
    void speedButtonsMoveTheSliderAndMaximiseHidesTheSidePanes(FxRobot robot) throws Exception {
        waitIdle();
        double speed = view.commands().speedSlider().getValue();
        robot.clickOn("#faster-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.commands().speedSlider().getValue()).isEqualTo(speed + 1);
        String label = robot.lookup("#speed-label").queryAs(Label.class).getText();
        robot.clickOn("#slower-button");
        robot.clickOn("#slower-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.commands().speedSlider().getValue()).isEqualTo(speed - 1);
        assertThat(robot.lookup("#speed-label").queryAs(Label.class).getText()).isNotEqualTo(label);
        robot.clickOn("#pace-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#speed-label").queryAs(Label.class).getText()).as("paced by simulated time")
                .endsWith("sim/s");
        assertThat(view.commands().speedSlider().getValue()).as("the slider keeps its position").isEqualTo(speed - 1);
        robot.clickOn("#pace-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#speed-label").queryAs(Label.class).getText()).endsWith("ev/s");

        Node steps = robot.lookup("#step-list").query();
        assertThat(steps.getScene()).as("the step list is shown").isNotNull();
        TabPane centre = robot.lookup("#main-tabs").queryAs(TabPane.class);
        double before = centre.getWidth();
        robot.clickOn("#maximise-button");
        waitIdle();
        assertThat(steps.getScene()).as("maximised: the side panes are hidden").isNull();
        double maximised = centre.getWidth();
        assertThat(maximised).as("the centre grows").isGreaterThan(before);
        robot.clickOn("#maximise-button");
        waitIdle();
        assertThat(steps.getScene()).as("restored: the step list is back").isNotNull();
        assertThat(centre.getWidth()).isLessThan(maximised);
    }

    @Test
    void themeAboutAndSamplesButtons(FxRobot robot) throws Exception {
        waitIdle();
        String theme = robot.lookup("#status-theme").queryAs(Label.class).getText();
        robot.clickOn("#theme-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#status-theme").queryAs(Label.class).getText()).isNotEqualTo(theme);

        robot.clickOn("#about-button");
        waitUntil(() -> aboutWindow(robot) != null);
        Window about = aboutWindow(robot);
        TextArea keys = robot.from(about.getScene().getRoot()).lookup("#help-shortcuts").queryAs(TextArea.class);
        assertThat(keys.getText()).as("Help lists the shortcuts").contains("F5").contains("F7");
        robot.interact(() -> ((Stage) about).close());

        robot.clickOn("#samples-button");
        robot.clickOn("stale-iotlb-hazard.yaml");
        waitIdle();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).containsIgnoringCase("stale");
    }

    private static Window aboutWindow(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w instanceof Stage st && st.getTitle() != null
                && st.getTitle().startsWith("About") && w.isShowing()).findFirst().orElse(null);
    }

    @Test
    void openButtonLoadsTheChosenFileAndACancelledDialogChangesNothing(FxRobot robot) throws Exception {
        waitIdle();
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "name: my own topology\niommus: []\nvm: {memory: 64MiB}\ndevices: []\n"
                + "steps:\n  - ioas-alloc: {id: a}\n", StandardCharsets.UTF_8);
        String before = robot.lookup("#scenario-title").queryAs(Label.class).getText();
        List<Window> owners = new ArrayList<>();
        view.useFileDialog(owner -> {
            owners.add(owner);
            return null; // the person pressed Cancel
        });
        robot.clickOn("#open-button");
        waitIdle();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo(before);

        view.useFileDialog(owner -> {
            owners.add(owner);
            return file.toFile();
        });
        robot.clickOn("#open-button");
        waitIdle();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo("my own topology");
        assertThat(statuses(robot)).hasSize(1);
        assertThat(owners).as("the dialog is owned by the window").containsOnly(stage);
    }

    /** The tour's ninth step reads a 16-page bitmap with pages 0, 4, 8 and 12 dirty: those cells, and only those. */
    @Test
    void theBitmapCanvasPaintsExactlyTheDirtyPages(FxRobot robot) throws Exception {
        waitIdle();
        for (int i = 0; i < 9; i++) {
            robot.clickOn("#step-button");
            waitIdle();
        }
        assertThat(statuses(robot).get(8)).isEqualTo(StepRow.Status.OK);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "bitmap-tab".equals(t.getId())).findFirst().orElseThrow()));
        waitIdle();
        Canvas canvas = robot.lookup("#bitmap-canvas").queryAs(Canvas.class);
        WritableImage shot = shoot(robot, canvas);
        PixelReader px = shot.getPixelReader();
        int cells = 16;
        double pitch = shot.getWidth() / cells;
        List<Integer> red = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            Color centre = px.getColor((int) (c * pitch + pitch / 2 - 1), (int) (shot.getHeight() / 2));
            if (centre.getRed() > 0.7 && centre.getGreen() < 0.5 && centre.getBlue() < 0.5) {
                red.add(c);
            }
        }
        assertThat(red).as("cells painted in the dirty colour").containsExactly(0, 4, 8, 12);
    }

    /** The current event's row is tinted blue (from its left edge, before the text); its neighbours are not. */
    @Test
    void theEventLogCanvasTintsTheCurrentRow(FxRobot robot) throws Exception {
        waitIdle();
        enterTheFirstDmaWrite(robot);
        robot.clickOn("#step-into-button");
        waitIdle();
        assertThat(view.scenario().insideStepProperty().get()).isTrue();
        long cur = view.scenario().focus().moment().seq();
        double y = view.eventLog().yOf(cur);
        assertThat(y).as("the current event is on screen").isGreaterThan(0);
        assertThat(view.eventLog().rowAt(y).state()).isEqualTo(LogRow.State.CURRENT);
        WritableImage shot = shoot(robot, view.eventLog().canvas());
        int top = (int) (y - EventLogViewTestRows.ROW / 2) + 1;
        int neighbour = y > EventLogViewTestRows.ROW ? top - (int) EventLogViewTestRows.ROW : top + (int) EventLogViewTestRows.ROW;
        Color current = shot.getPixelReader().getColor(2, top);
        Color other = shot.getPixelReader().getColor(2, neighbour);
        assertThat(current.getBlue() - current.getRed()).as("current row tinted blue").isGreaterThan(0.1);
        assertThat(other).as("a neighbouring row is not tinted").isEqualTo(Color.WHITE);
    }

    /** The timeline's cursor is drawn in blue where the current moment is, and moves with it. */
    @Test
    void theTimelineStripDrawsTheCursorAtTheCurrentMoment(FxRobot robot) throws Exception {
        waitIdle();
        robot.clickOn("#run-button");
        waitIdle();
        var strip = view.timelineStrip();
        long end = view.scenario().focus().moment().seq();
        int xEnd = (int) Math.min(strip.canvas().getWidth() - 1, strip.xOf(end));
        Color atEnd = shoot(robot, strip.canvas()).getPixelReader().getColor(xEnd, 40);
        assertThat(atEnd.getBlue()).isGreaterThan(0.6);
        assertThat(atEnd.getRed()).isLessThan(0.3);

        // drag the cursor to the middle: it is drawn there and no longer at the end
        double midX = strip.canvas().getWidth() / 2;
        Point2D from = strip.canvas().localToScreen(strip.xOf(end), 30);
        robot.drag(from, MouseButton.PRIMARY).moveTo(strip.canvas().localToScreen(midX, 30))
                .release(MouseButton.PRIMARY);
        waitIdle();
        long now = view.scenario().focus().moment().seq();
        assertThat(now).isLessThan(end);
        int xNow = (int) strip.xOf(now);
        assertThat(Math.abs(xNow - xEnd)).as("the cursor moved by more than its width").isGreaterThan(10);
        PixelReader px = shoot(robot, strip.canvas()).getPixelReader();
        Color cursor = px.getColor(xNow, 40);
        assertThat(cursor.getBlue()).isGreaterThan(0.6);
        assertThat(cursor.getRed()).isLessThan(0.3);
        Color oldEnd = px.getColor(xEnd, 40);
        assertThat(oldEnd.getRed() < 0.3 && oldEnd.getBlue() > 0.6).as("no cursor left at the old end").isFalse();
    }

    private static List<Thread> machineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("machine")).toList();
    }

    /** A window of its own, so that its machine thread is known (other tests' windows may still hold theirs). */
    @Test
    void closingTheWindowWhileAMigrationPlaysThrowsNothingAndTheMachineThreadEnds(FxRobot robot)
            throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            AtomicReference<Stage> own = new AtomicReference<>();
            AtomicReference<MainWindowView> ownView = new AtomicReference<>();
            List<Thread> before = machineThreads();
            robot.interact(() -> {
                own.set(new Stage());
                ownView.set(MainWindow.open(own.get(), new InMemorySettingsStore()));
            });
            List<Thread> ours = new ArrayList<>(machineThreads());
            ours.removeAll(before);
            assertThat(ours).as("the new window's machine thread").hasSize(1);
            view = ownView.get();
            waitIdle();
            robot.interact(() -> view.openSample("amd-nic-iommu.yaml"));
            waitIdle();
            robot.interact(() -> view.commands().speedSlider().setValue(5)); // 50 events a second: still playing
            robot.interact(() -> view.commands().button("play-button").fire());
            waitUntil(() -> view.scenario().busyProperty().get());
            robot.interact(() -> own.get().close());
            ours.get(0).join(TimeUnit.SECONDS.toMillis(60));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(ours.get(0).isAlive()).as("the machine thread ended").isFalse();
            assertThat(own.get().isShowing()).isFalse();
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
