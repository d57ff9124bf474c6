package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.TitledPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Dirty lanes tab in presentation mode, on the 1600x1000 headless screen: at 2x (and at 2.5x, which leaves as
 * many layout pixels as 2x on a 1280x800 projector) the banner, controls, legend and page trace leave the lanes
 * canvas the height of every lane, and every lane is drawn, read in the window's own pixels.
 */
@ExtendWith(ApplicationExtension.class)
class LanesOnStageTest {
    private static final Set<Integer> DATA = Set.of(LaneColors.TRUE_POSITIVE, LaneColors.FALSE_POSITIVE,
            LaneColors.FALSE_NEGATIVE, LaneColors.WRITTEN);
    private MainWindow.Parts parts;
    private PresentationViewModel stage;

    @Start
    void start(Stage s) {
        parts = MainWindow.build(s, new InMemorySettingsStore(), null);
        stage = parts.presentation().viewModel();
    }

    @AfterEach
    void leave(FxRobot robot) {
        robot.interact(() -> {
            if (stage.isPresenting()) {
                stage.togglePresenting();
            }
        });
    }

    @Test
    void atTwiceTheScaleEveryLaneIsOnScreenAndDrawn(FxRobot robot) throws Exception {
        var view = parts.view();
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        WindowWaits.idle(view);
        WindowWaits.runToEndOfFirstMigration(robot, view);
        robot.interact(() -> WindowWaits.showTab(view, "lanes-tab"));
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        // A page picked, its trace open: the trace must still yield to the lanes.
        robot.interact(() -> parts.view().scenario().focus().select(
                new io.ioptexplorer.viewmodel.live.Selection.Iova(-1, 0x2000000L)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#picked-page").queryListView()
                .getItems().size() > 1);
        assertThat(robot.lookup("#page-trace").queryAs(TitledPane.class).isExpanded()).isTrue();

        robot.interact(() -> {
            stage.togglePresenting();
            stage.setScale(2.0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        everyLaneOnScreen(canvas, 2.0);
        robot.interact(() -> stage.setScale(2.5));
        WaitForAsyncUtils.waitForFxEvents();
        everyLaneOnScreen(canvas, 2.5);
    }

    private static void everyLaneOnScreen(LanesCanvas canvas, double scale) throws Exception {
        Thread.sleep(200); // a pulse for the scaled stylesheet's layout
        WaitForAsyncUtils.waitForFxEvents();
        var scene = canvas.getScene();
        assertThat(canvas.getHeight()).as("canvas height at %sx", scale)
                .isGreaterThanOrEqualTo(canvas.minHeight(-1) - 1);
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
        PixelReader px = shot.getPixelReader();
        int cols = canvas.shownColumns();
        // rounds 0, 1, 2 and stop-and-copy: the newest that have room at this scale, the rest counted as left out
        assertThat(cols).as("columns at %sx", scale).isBetween(2, 4);
        assertThat(canvas.vm().roundsLeftOut()).isEqualTo(4 - cols);
        assertThat(canvas.columnWidth(cols)).isGreaterThanOrEqualTo((int) (LanesCanvas.MIN_COL_W * scale));
        int rows = canvas.rows(); // kvm, iommu:hwpt3, union, ground truth
        assertThat(rows).isEqualTo(4);
        int barH = (int) canvas.barHeight();
        assertThat(barH).as("bar height at %sx", scale).isGreaterThanOrEqualTo(3);
        for (int r = 0; r < rows; r++) {
            Point2D left = canvas.localToScene(canvas.columnX(0, cols), canvas.rowY(r) + barH / 2.0);
            assertThat(left.getY() + barH / 2.0).as("row %d at %sx lies inside the window", r, scale)
                    .isLessThan(scene.getHeight());
            int data = 0;
            for (int i = 0; i < canvas.columnWidth(cols); i++) {
                if (DATA.contains(px.getArgb((int) left.getX() + i, (int) left.getY()))) {
                    data++;
                }
            }
            assertThat(data).as("pages drawn in row %d of the first column at %sx", r, scale).isPositive();
        }
    }
}
