package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.scenario.ScenarioViewTestAccess;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.log.LogRow;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The live machine in the real window (headless): step into, the log, the timeline, play, breakpoints, buttons. */
@ExtendWith(ApplicationExtension.class)
class LiveWindowTest {
    /** The default tour's DMA step (0-based). */
    private static final int DMA_STEP = 7;
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
    }

    private void waitIdle() throws Exception {
        WindowWaits.idle(view);
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WindowWaits.until(condition);
    }

    /** Types a whole filter at once (typed key by key, each prefix would be a filter of its own). */
    private static void filter(FxRobot robot, String text) {
        robot.clickOn("#log-filter");
        robot.interact(() -> robot.lookup("#log-filter").queryAs(javafx.scene.control.TextField.class).setText(text));
    }

    private String count(FxRobot robot) {
        return robot.lookup("#log-count").queryAs(Label.class).getText();
    }

    private LogRow currentRow() {
        return view.eventLog().rowAt(yOfCurrent());
    }

    private double yOfCurrent() {
        var w = view.eventLog().rowAt(0) == null ? null : view.eventLog();
        long cur = view.scenario().focus().moment().seq();
        return w == null ? -1 : view.eventLog().yOf(cur);
    }

    private void stepTo(FxRobot robot, int step) throws Exception {
        for (int i = 0; i < step; i++) {
            robot.clickOn("#step-button");
            waitIdle();
        }
    }

    @Test
    void stepIntoADmaWriteAndWatchTheLog(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        stepTo(robot, DMA_STEP);
        javafx.scene.control.Label caption = robot.lookup("#narration").query();
        assertThat(caption.getText()).as("between steps: the caption of the step the next Step runs")
                .startsWith("Next: ");
        robot.type(KeyCode.F7);
        waitIdle();
        assertThat(caption.getText()).as("inside it: the caption of the step under way").startsWith("Now: ");
        LogRow first = currentRow();
        assertThat(first.state()).isEqualTo(LogRow.State.CURRENT);
        assertThat(first.kind()).isEqualTo("dma-access");
        assertThat(first.step()).isEqualTo(DMA_STEP);
        StringBuilder kinds = new StringBuilder(first.kind());
        for (int i = 0; i < 6; i++) {
            robot.type(KeyCode.F7);
            waitIdle();
            LogRow r = currentRow();
            assertThat(r.seq()).as("one event further per press").isEqualTo(first.seq() + i + 1);
            kinds.append(' ').append(r.kind());
        }
        assertThat(kinds.toString()).contains("iotlb-miss").contains("walk-step walk-step walk-step walk-step");
        // the inspector describes the event in focus
        assertThat(ScenarioViewTestAccess.detailText(robot.lookup("#event-inspector").query()))
                .contains(currentRow().kind());
        // the step list marks the step the machine is inside
        ListView<StepRow> steps = robot.lookup("#step-list").queryListView();
        assertThat(steps.getItems().get(DMA_STEP).status()).isEqualTo(StepRow.Status.CURRENT);
        assertThat(steps.getSelectionModel().getSelectedIndex()).isEqualTo(DMA_STEP);
    }

    @Test
    void clickingALogLineMovesTheStepListAndTheResult(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        robot.type(KeyCode.F5);
        waitIdle();
        filter(robot, "step:" + (DMA_STEP + 1) + " kind:walk-step");
        waitUntil(() -> count(robot).endsWith("matching"));
        LogRow target = view.eventLog().rowAt(EventLogViewTestRows.ROW * 2.5);
        assertThat(target).isNotNull();
        assertThat(target.kind()).isEqualTo("walk-step");
        Point2D at = view.eventLog().canvas().localToScreen(40, EventLogViewTestRows.ROW * 2.5);
        robot.clickOn(at, MouseButton.PRIMARY);
        waitIdle();
        assertThat(view.scenario().focus().moment()).isEqualTo(new Moment(DMA_STEP, target.seq()));
        ListView<StepRow> steps = robot.lookup("#step-list").queryListView();
        assertThat(steps.getSelectionModel().getSelectedIndex()).isEqualTo(DMA_STEP);
        assertThat(steps.getItems().get(DMA_STEP).status()).isEqualTo(StepRow.Status.CURRENT);
        assertThat(steps.getItems().get(DMA_STEP + 1).status()).isEqualTo(StepRow.Status.PENDING);
        assertThat(ScenarioViewTestAccess.detailText(robot.lookup("#step-detail").query()))
                .contains("the machine is inside this step");
    }

    @Test
    void theFilterNarrowsTheLogAndSaysWhereItCannotBeRead(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        robot.type(KeyCode.F5);
        waitIdle();
        String all = robot.lookup("#log-count").queryAs(Label.class).getText();
        filter(robot, "kind:leaf-split");
        waitUntil(() -> count(robot).equals("1 matching"));
        assertThat(count(robot)).isNotEqualTo(all);
        assertThat(view.eventLog().rowAt(EventLogViewTestRows.ROW / 2).kind()).isEqualTo("leaf-split");
        filter(robot, "kind:leaf-split colour:red");
        waitUntil(() -> !robot.lookup("#log-filter-problem").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#log-filter-problem").queryAs(Label.class).getText())
                .contains("column 17").contains("unknown filter 'colour:'");
        // the last filter that could be read stays in force
        assertThat(robot.lookup("#log-count").queryAs(Label.class).getText()).isEqualTo("1 matching");
    }

    @Test
    void draggingTheTimelineScrubsAndTheCursorIsDrawnThere(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        robot.type(KeyCode.F5);
        waitIdle();
        var strip = view.timelineStrip();
        long end = view.scenario().focus().moment().seq();
        double y = 30;
        Point2D from = strip.canvas().localToScreen(strip.xOf(end), y);
        double midX = strip.canvas().getWidth() / 2;
        Point2D to = strip.canvas().localToScreen(midX, y);
        robot.drag(from, MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        waitIdle();
        long now = view.scenario().focus().moment().seq();
        assertThat(now).isLessThan(end);
        assertThat((double) Math.abs(now - strip.seqAt(midX))).isLessThanOrEqualTo(
                Math.max(2, (double) end / strip.canvas().getWidth() * 3));
        // read the strip's pixels: the cursor's blue is where the moment is, not at the old end
        WritableImage shot = robot.interact(() -> strip.canvas().snapshot(null, null)) == null ? null
                : snapshot(robot, strip);
        Color atCursor = shot.getPixelReader().getColor((int) strip.xOf(now), 40);
        assertThat(atCursor.getBlue()).isGreaterThan(0.6);
        assertThat(atCursor.getRed()).isLessThan(0.3);
    }

    /** Where the strip draws a split's mark, its hover text names a split (the default tour splits one leaf). */
    @Test
    void theStripsHoverTextNamesTheMarkDrawnUnderTheMouse(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        robot.type(KeyCode.F5);
        waitIdle();
        var strip = view.timelineStrip();
        WritableImage shot = snapshot(robot, strip);
        Color split = io.ioptexplorer.app.timeline.TimelineStripView.markColour(
                io.ioptexplorer.hardware.timeline.BreakpointClass.SPLIT);
        int markRow = 24; // inside the marks' row, below the step ticks' numbers
        int found = -1;
        for (int x = 0; x < (int) shot.getWidth() && found < 0; x++) {
            Color c = shot.getPixelReader().getColor(x, markRow);
            if (Math.abs(c.getRed() - split.getRed()) < 0.02 && Math.abs(c.getGreen() - split.getGreen()) < 0.02
                    && Math.abs(c.getBlue() - split.getBlue()) < 0.02) {
                found = x;
            }
        }
        assertThat(found).as("a split's mark is drawn").isGreaterThanOrEqualTo(0);
        int x = found;
        String[] text = new String[1];
        robot.interact(() -> text[0] = strip.hoverText(x + 0.5));
        assertThat(text[0]).contains("split events here").contains("Marks: orange split");
        robot.interact(() -> text[0] = strip.hoverText(2));
        assertThat(text[0]).startsWith("Step 1").doesNotContain("split events here");
    }

    private static WritableImage snapshot(FxRobot robot, io.ioptexplorer.app.timeline.TimelineStripView strip) {
        WritableImage[] out = new WritableImage[1];
        robot.interact(() -> out[0] = strip.canvas().snapshot(null, null));
        return out[0];
    }

    @Test
    void playAndPauseWithTheButton(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        robot.interact(() -> view.commands().speedSlider().setValue(3)); // 10 events a second
        Button play = robot.lookup("#play-button").queryButton();
        assertThat(play.getText()).isEqualTo("Play");
        robot.clickOn(play);
        // On a loaded 2-core host the click can take a while to reach the machine thread: wait for it, boundedly.
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> view.scenario().busyProperty().get() && "Pause".equals(play.getText()));
        assertThat(view.scenario().busyProperty().get()).isTrue();
        assertThat(play.getText()).isEqualTo("Pause");
        robot.clickOn(play);
        waitIdle();
        assertThat(play.getText()).isEqualTo("Play");
        var m = view.scenario().focus().moment();
        assertThat(m.seq()).isGreaterThan(0);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.scenario().focus().moment()).as("paused: nothing moves").isEqualTo(m);
    }

    @Test
    void aLeafSplitBreakpointStopsTheDefaultTourAtItsSplit(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        CheckMenuItem split = (CheckMenuItem) bar.getMenus().stream().filter(m -> "breakpoints-menu".equals(m.getId()))
                .findFirst().orElseThrow().getItems().stream().filter(i -> "break-split".equals(i.getId()))
                .findFirst().orElseThrow();
        robot.interact(() -> split.setSelected(true));
        robot.clickOn("#run-button");
        waitIdle();
        assertThat(view.scenario().insideStepProperty().get()).isTrue();
        int step = view.scenario().nextStepProperty().get();
        assertThat(view.scenario().steps().get(step).op()).isEqualTo("split");
        assertThat(currentRow().kind()).isEqualTo("leaf-split");
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).contains("Breakpoint")
                .contains("leaf-split");
    }

    @Test
    void toolbarButtonsWorkByClickAndAreDisabledWhenTheyCannot(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread
        assertThat(robot.lookup("#back-button").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#event-back-button").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#step-out-button").queryButton().isDisabled()).isTrue();
        // the first steps emit no event: step into stops at their ends until one does
        for (int i = 0; i < 10 && !view.scenario().insideStepProperty().get(); i++) {
            robot.clickOn("#step-into-button");
            waitIdle();
        }
        assertThat(view.scenario().insideStepProperty().get()).isTrue();
        int inside = view.scenario().nextStepProperty().get();
        assertThat(robot.lookup("#step-out-button").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#back-button").queryButton().isDisabled()).isFalse();
        robot.clickOn("#step-out-button");
        waitIdle();
        assertThat(view.scenario().insideStepProperty().get()).isFalse();
        assertThat(view.scenario().nextStepProperty().get()).isEqualTo(inside + 1);
        robot.clickOn("#back-button");
        waitIdle();
        assertThat(view.scenario().nextStepProperty().get()).isEqualTo(inside);
        robot.clickOn("#run-button");
        waitIdle();
        assertThat(robot.lookup("#step-button").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#run-button").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#step-into-button").queryButton().isDisabled()).isTrue();
        robot.clickOn("#reset-button");
        waitIdle();
        assertThat(view.scenario().nextStepProperty().get()).isZero();
        assertThat(robot.lookup("#step-button").queryButton().isDisabled()).isFalse();
        robot.clickOn("#focus-back-button");
        waitIdle();
    }
}
