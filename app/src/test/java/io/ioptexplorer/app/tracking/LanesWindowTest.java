package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The lanes on the real window, read as pixels after running whole samples. */
@ExtendWith(ApplicationExtension.class)
class LanesWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new io.ioptexplorer.viewmodel.settings.InMemorySettingsStore());
        view.layout().toggleMaximised(); // the centre alone, as the old window's tabs had it
    }

    private void playToEnd(FxRobot robot, String sample) throws Exception {
        robot.interact(() -> view.openSample(sample));
        robot.interact(() -> view.scenario().runToEnd());
        // 19 M events for the SMMUv3 sample: minutes on a shared, loaded 2-core host
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            TrackingSnapshot s = view.scenario().tracking().snapshotProperty().get();
            return !s.migrations().isEmpty() && !s.migrations().get(s.migrations().size() - 1).running();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int[] rowPixels(LanesCanvas c, int column, int row) throws Exception {
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get();
        PixelReader r = img.getPixelReader();
        int cols = c.shownColumns();
        int x0 = (int) c.columnX(column, cols);
        int y = (int) (c.rowY(row) + c.barHeight() / 2);
        int[] out = new int[c.columnWidth(cols)];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.getArgb(x0 + i, y);
        }
        return out;
    }

    private static long count(int[] px, int argb) {
        return java.util.Arrays.stream(px).filter(p -> p == argb).count();
    }

    @Test
    void staleIotlbLostPagesAreIommuFalseNegativesExactlyWhereTheVerifierNamesThem(FxRobot robot) throws Exception {
        playToEnd(robot, "stale-iotlb-hazard.yaml");
        // Click the first lost IOVA on the dashboard: the lanes tab opens on a 4096-page window around it.
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "migration-tab".equals(t.getId())).findFirst().orElseThrow()));
        ListView<?> lost = robot.lookup("#lost-iovas").queryAs(ListView.class);
        assertThat(lost.getItems()).hasSize(100);
        var end = view.scenario().focus().moment();
        robot.clickOn(robot.lookup("#lost-iovas .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.layout().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("lanes-tab");
        // The focus goes back to the moment the page's write went unrecorded (a skipped dirty flush: stale IOTLB).
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().focus().moment().compareTo(end) < 0);
        var there = view.scenario().session().snapshotProperty().get();
        assertThat(there.event()).isNotNull();
        assertThat(there.event().kind().breakpoint()).isEqualTo(io.ioptexplorer.hardware.timeline.BreakpointClass.LOST_PAGE);
        // Back to the end: the lanes keep the window around the lost page.
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitForFxEvents();
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        assertThat(robot.lookup("#picked-page").queryListView().getItems())
                .anySatisfy(l -> assertThat(l.toString()).contains("LOST on the destination"));
        int iommuRow = 1; // kvm, iommu:hwpt3, union
        // The window is centred on the first lost page: pages [2048, 2304) of 4096 were lost (256 pages).
        int[] lastRound = rowPixels(canvas, 2, iommuRow);
        int w = lastRound.length;
        for (int i = 0; i < w; i++) {
            boolean lostHere = i >= w * 2048 / 4096 + 1 && i < w * 2304 / 4096 - 1;
            boolean clear = i < w * 2048 / 4096 - 1 || i > w * 2304 / 4096 + 1;
            if (lostHere) {
                assertThat(lastRound[i]).as("pixel %d of %d", i, w).isEqualTo(LaneColors.FALSE_NEGATIVE);
            } else if (clear) {
                assertThat(lastRound[i]).as("pixel %d of %d", i, w).isNotEqualTo(LaneColors.FALSE_NEGATIVE);
            }
        }
        // Round 0 reported the same pages: no false negative there.
        assertThat(count(rowPixels(canvas, 0, iommuRow), LaneColors.FALSE_NEGATIVE)).isZero();
        assertThat(count(rowPixels(canvas, 0, iommuRow), LaneColors.TRUE_POSITIVE)).isPositive();
    }

    @Test
    void smmuV3OneGibLaneShowsFalsePositivesAndTheSplitRunsDoNot(FxRobot robot) throws Exception {
        playToEnd(robot, "smmuv3-gpu-eager-vs-lazy.yaml");
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "lanes-tab".equals(t.getId())).findFirst().orElseThrow()));
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        @SuppressWarnings("unchecked")
        ComboBox<String> migrations = robot.lookup("#lanes-migration").queryAs(ComboBox.class);
        assertThat(migrations.getItems()).hasSize(3);
        int iommuRow = 1;
        robot.interact(() -> migrations.getSelectionModel().select(0)); // split none: 1 GiB leaves
        WaitForAsyncUtils.waitForFxEvents();
        for (int c = 0; c < canvas.shownColumns() - 1; c++) {
            assertThat(count(rowPixels(canvas, c, iommuRow), LaneColors.FALSE_POSITIVE)).as("round %d", c)
                    .isPositive();
        }
        robot.interact(() -> migrations.getSelectionModel().select(1)); // eager split (proposal)
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(migrations.getValue()).startsWith("migration 2");
        for (int c = 0; c < canvas.shownColumns(); c++) {
            int[] px = rowPixels(canvas, c, iommuRow);
            assertThat(count(px, LaneColors.FALSE_POSITIVE)).as("eager, column %d", c).isZero();
        }
        assertThat(count(rowPixels(canvas, 0, iommuRow), LaneColors.TRUE_POSITIVE)).isPositive();
    }

    @Test
    void theRoundChartGainsAPointPerFinishedRoundWhileAMigrationPlays(FxRobot robot) throws Exception {
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "migration-tab".equals(t.getId())).findFirst().orElseThrow()));
        javafx.scene.chart.LineChart<?, ?> chart = robot.lookup("#rounds-chart").queryAs(
                javafx.scene.chart.LineChart.class);
        List<Integer> points = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> chart.getData().addListener((javafx.beans.InvalidationListener) o -> {
            if (!chart.getData().isEmpty()) {
                points.add(chart.getData().get(0).getData().size());
            }
        }));
        // The 64 GiB sample's rounds take seconds each, so the window sees each one land (a faster run is
        // coalesced to fewer updates by design: the newest snapshot replaces one not yet drawn).
        playToEnd(robot, "scale-64gib-guest.yaml");
        List<Integer> distinct = points.stream().distinct().toList();
        assertThat(distinct).as("points per series as rounds finished: %s", points).containsSubsequence(1, 2);
        assertThat(distinct).isSorted();
    }
}
