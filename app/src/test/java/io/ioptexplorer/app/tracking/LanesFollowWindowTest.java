package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import io.ioptexplorer.viewmodel.tracking.PageTrace;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The lanes in the middle of a migration, a page traced back to the write that dirtied it, and the lanes at the
 * presentation scale, on the real window (stale-IOTLB sample), read as pixels.
 */
@ExtendWith(ApplicationExtension.class)
class LanesFollowWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new io.ioptexplorer.viewmodel.settings.InMemorySettingsStore());
        view.layout().toggleMaximised();
    }

    @AfterEach
    void scaleBack() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            StageScale.property().unbind();
            StageScale.property().set(1.0);
        }).get();
    }

    private void idle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void runToEnd(FxRobot robot, String sample) throws Exception {
        robot.interact(() -> view.openSample(sample));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showTab(FxRobot robot, String id) {
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    private static PixelReader pixels(LanesCanvas c) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get().getPixelReader();
    }

    @Test
    void beforeTheFirstSyncTheLanesShowTheWritesSoFarAndTheTrackersNotReadYet(FxRobot robot) throws Exception {
        runToEnd(robot, "stale-iotlb-hazard.yaml");
        // the moment just before the migration's first tracker lane: round 0 is under way, nothing synced yet
        long firstLane = view.scenario().session().query(pm -> {
            for (long s = 0; s < pm.timeline().size(); s++) {
                if (pm.timeline().kind(s) == EventKind.TRACKER_LANE) {
                    return s;
                }
            }
            return -1L;
        }).get(30, TimeUnit.SECONDS);
        assertThat(firstLane).isPositive();
        int step = view.scenario().session().query(pm -> pm.timeline().stepOf(firstLane - 1)).get();
        robot.interact(() -> view.scenario().focus().moveTo(new Moment(step, firstLane - 1)));
        idle();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.scenario().focus().moment().seq()
                == firstLane - 1);
        showTab(robot, "lanes-tab");
        WaitForAsyncUtils.waitForFxEvents();
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        assertThat(canvas.shownColumns()).isEqualTo(1);
        PixelReader r = pixels(canvas);
        int x0 = (int) canvas.columnX(0, 1);
        int w = canvas.columnWidth(1);
        int notRead = 0;
        int written = 0;
        // row 0: the union, not read yet; row 1: the ground truth, written so far
        int y0 = (int) (canvas.rowY(0) + 2);
        int y1 = (int) (canvas.rowY(1) + canvas.barHeight() / 2);
        for (int i = 0; i < w; i++) {
            notRead += r.getColor(x0 + i, y0).equals(LanesCanvas.NOT_READ) ? 1 : 0;
            written += r.getArgb(x0 + i, y1) == LaneColors.WRITTEN ? 1 : 0;
        }
        assertThat(notRead).as("tracker row drawn as not read yet").isGreaterThan(w / 2);
        assertThat(written).as("ground truth pixels written so far").isPositive();
        assertThat(LaneColors.FALSE_NEGATIVE).isNotEqualTo(r.getArgb(x0 + w / 2, y0)); // nothing called lost yet
    }

    @Test
    void aTracedWriteTakesTheFocusToItsIotlbHitAndThePageIsTheSelectedIova(FxRobot robot) throws Exception {
        runToEnd(robot, "stale-iotlb-hazard.yaml");
        showTab(robot, "migration-tab");
        long lost = view.scenario().tracking().snapshotProperty().get().lanes().get(0).lostIovas().get(0);
        robot.clickOn(robot.lookup("#lost-iovas .list-cell").nth(0).queryAs(Node.class));
        idle();
        assertThat(view.scenario().focus().selection()).isEqualTo(new Selection.Iova(-1, lost));
        @SuppressWarnings("unchecked")
        ListView<PageTrace.Line> picked = robot.lookup("#picked-page").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> picked.getItems().stream()
                .anyMatch(l -> l.text().contains("DMA write")));
        int row = -1;
        for (int i = picked.getItems().size() - 1; i >= 0 && row < 0; i--) {
            row = picked.getItems().get(i).text().contains("IOTLB hit, cached dirty") ? i : -1;
        }
        assertThat(row).as("a write that hit a stale dirty IOTLB entry").isNotNegative();
        Moment target = picked.getItems().get(row).moment();
        int index = row;
        robot.interact(() -> picked.scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#picked-page .list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?>
                c && c.getIndex() == index).queryAs(Node.class));
        idle();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.scenario().focus().moment().equals(target));
        var at = view.scenario().session().snapshotProperty().get();
        assertThat(at.event()).isNotNull();
        assertThat(at.event().kind()).isEqualTo(EventKind.IOTLB_HIT);
        assertThat(view.scenario().focus().selection()).isEqualTo(new Selection.Iova(-1, lost));
    }

    @Test
    void atTwiceTheScaleTheLanesTextGrowsAndTheLegendIsWhole(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        idle();
        showTab(robot, "lanes-tab");
        WaitForAsyncUtils.waitForFxEvents();
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        int at1 = lowestTextRow(pixels(canvas), 60);
        WaitForAsyncUtils.asyncFx(() -> {
            StageScale.property().unbind(); // presentation mode's scale, without hiding the panes around the tab
            StageScale.property().set(2.0);
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        int at2 = lowestTextRow(pixels(canvas), 80);
        assertThat(at1).as("'No migration yet' at 1x").isPositive();
        assertThat(at2).as("the same text at 2x reaches further down").isGreaterThan(at1 + 8);
        // the legend wraps: each entry lies inside the tab's width
        javafx.scene.layout.FlowPane legend = robot.lookup("#lanes-legend").queryAs(javafx.scene.layout.FlowPane.class);
        double width = legend.getWidth();
        for (Node n : legend.getChildren()) {
            assertThat(n.getBoundsInParent().getMaxX()).isLessThanOrEqualTo(width + 0.5);
        }
    }

    /** The lowest row (of the first {@code rows}) holding a dark text pixel in the canvas's left 400 px. */
    private static int lowestTextRow(PixelReader r, int rows) {
        int lowest = -1;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < 400; x++) {
                Color c = r.getColor(x, y);
                if (c.getBrightness() < 0.5) {
                    lowest = y;
                    break;
                }
            }
        }
        return lowest;
    }
}
