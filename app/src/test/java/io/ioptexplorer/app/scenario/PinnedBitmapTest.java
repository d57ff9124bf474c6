package io.ioptexplorer.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.palette.Palette;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The default tour's first dirty read (step 9: pages 0, 4, 8 and 12 of 16 dirty) on the Dirty bitmap tab: pinned
 * before the NIC's writes, those four cells are outlined as differing from the pinned Dirty bits, and no other; Stop
 * highlighting clears them. A click on a cell selects its IOVA; a right click goes to its entry.
 */
@ExtendWith(ApplicationExtension.class)
class PinnedBitmapTest {
    private static final long RANGE = 0x100000;
    private MainWindow.Parts parts;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
    }

    private MainWindowView view() {
        return parts.view();
    }

    private void goTo(FxRobot robot, int steps) throws Exception {
        robot.interact(() -> view().scenario().goTo(steps));
        WindowWaits.idle(view());
        WindowWaits.until(() -> view().scenario().nextStepProperty().get() == steps);
    }

    private BitmapCanvas bitmapCanvas(FxRobot robot) throws Exception {
        robot.interact(() -> view().layout().tabs().getSelectionModel().select(view().layout().tabs().getTabs()
                .stream().filter(t -> "bitmap-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        WindowWaits.until(() -> ((Parent) view().scenarioView().bitmapPane()).lookup("#bitmap-canvas") != null);
        return (BitmapCanvas) ((Parent) view().scenarioView().bitmapPane()).lookup("#bitmap-canvas");
    }

    /** The cells (of 16, in one row) whose outline pixel, just inside the cell's left edge, is the pinned colour. */
    private static List<Integer> outlined(BitmapCanvas c) throws Exception {
        PixelReader px = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get().getPixelReader();
        List<Integer> out = new ArrayList<>();
        for (int cell = 0; cell < 16; cell++) {
            if (px.getArgb((int) c.cellX(cell) + 1, (int) (c.cellY(cell) + c.cellSize() / 2))
                    == Palette.DIFFERS_FROM_PIN) {
                out.add(cell);
            }
        }
        return out;
    }

    @Test
    void theCellsTheNicDirtiedSinceThePinAreOutlinedUntilStopHighlighting(FxRobot robot) throws Exception {
        goTo(robot, 7); // dirty tracking on, nothing written yet
        robot.interact(() -> parts.compare().pin());
        goTo(robot, 9); // the NIC's four writes, then the read that finds them
        robot.interact(() -> parts.compare().compareWithNow());
        WindowWaits.until(() -> view().pinnedDirtyProperty().get() != null);
        robot.type(KeyCode.ENTER); // closes the list of differences
        BitmapCanvas canvas = bitmapCanvas(robot);
        WindowWaits.until(() -> outlined(bitmapCanvas(robot)).size() == 4);
        assertThat(outlined(bitmapCanvas(robot))).containsExactly(0, 4, 8, 12);
        Label legend = (Label) ((Parent) view().scenarioView().bitmapPane()).lookup("#bitmap-pinned-legend");
        assertThat(legend.getText()).startsWith("4 of 16 bits (outlined) differ").endsWith("pinned step 7");

        robot.interact(() -> parts.compare().stopHighlighting());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(outlined(bitmapCanvas(robot))).isEmpty();
        assertThat(((Parent) view().scenarioView().bitmapPane()).lookup("#bitmap-pinned-legend")).isNull();
        assertThat(canvas).isNotNull();
    }

    @Test
    void aClickSelectsTheCellsIovaAndARightClickGoesToItsEntry(FxRobot robot) throws Exception {
        goTo(robot, 9);
        BitmapCanvas canvas = bitmapCanvas(robot);
        robot.clickOn(robot.point(centre(canvas, 4)));
        WaitForAsyncUtils.waitForFxEvents();
        Selection s = view().scenario().focus().selection();
        assertThat(s).isInstanceOf(Selection.Iova.class);
        assertThat(((Selection.Iova) s).iova()).isEqualTo(RANGE + 4 * 4096);
        int hwpt = ((Selection.Iova) s).hwptId();
        assertThat(hwpt).as("the HWPT the bitmap was read from").isNotNegative();

        canvas = bitmapCanvas(robot); // redrawn with the selection outlined
        robot.clickOn(robot.point(centre(canvas, 8)), MouseButton.SECONDARY);
        WaitForAsyncUtils.waitForFxEvents();
        MenuItem go = robot.listWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu m && m.isShowing())
                .flatMap(w -> ((javafx.scene.control.ContextMenu) w).getItems().stream())
                .filter(i -> "bitmap-go-to-entry".equals(i.getId())).findFirst().orElseThrow();
        assertThat(go.getText()).isEqualTo("Go to the entry of IOVA 0x108000 in HWPT " + hwpt);
        robot.interact(go::fire);
        WindowWaits.until(() -> view().pageTablesViewModel().revealProperty().get() != null
                && view().pageTablesViewModel().revealProperty().get().iova() == RANGE + 8 * 4096);
        assertThat(view().layout().tabs().getSelectionModel().getSelectedItem().getId())
                .isEqualTo("page-tables-tab");
        robot.type(KeyCode.ESCAPE);
    }

    private static javafx.geometry.Point2D centre(BitmapCanvas c, int cell) {
        return c.localToScreen(c.cellX(cell) + c.cellSize() / 2, c.cellY(cell) + c.cellSize() / 2);
    }
}
