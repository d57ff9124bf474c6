package io.ioptexplorer.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.compare.CompareViewModel;
import io.ioptexplorer.viewmodel.compare.Figure;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The SMMUv3 sample's first migration split eagerly on the left and lazily on the right, stepping together. */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest {
    private CompareViewModel vm;
    private CompareWindow window;

    @Start
    void start(Stage stage) throws Exception {
        vm = new CompareViewModel(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "compare-test-simulation");
            t.setDaemon(true);
            return t;
        }), Platform::runLater);
        String name = "smmuv3-gpu-eager-vs-lazy.yaml";
        window = new CompareWindow(vm, name, SampleCatalog.text(name).orElseThrow(), SampleCatalog.load(name));
        stage.setScene(new Scene(window.root(), 1400, 900)); // the size CompareWindow.show opens
        stage.show();
    }

    @Test
    void eagerAndLazySideBySideWithTheirDifferences(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#compare-left-setting").queryTextInputControl().getText())
                .isEqualTo("steps[9].migrate.split=eager");
        assertThat(robot.lookup("#compare-right-setting").queryTextInputControl().getText())
                .isEqualTo("steps[9].migrate.split=lazy");
        for (int i = 0; i < 10; i++) {
            robot.clickOn("#compare-step");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        }
        WaitForAsyncUtils.waitForFxEvents();
        ListView<String> left = robot.lookup("#compare-left").queryListView();
        ListView<String> right = robot.lookup("#compare-right").queryListView();
        assertThat(left.getItems()).hasSize(10);
        assertThat(right.getItems()).hasSize(10);
        assertThat(left.getItems().get(9)).startsWith("10. migrate");
        Figure splits = vm.figures().stream().filter(f -> f.name().equals("leaf splits")).findFirst().orElseThrow();
        assertThat(splits.left()).isNotEqualTo(splits.right());
        String grid = robot.lookup("#compare-figures").queryAs(javafx.scene.layout.GridPane.class)
                .getChildren().stream().map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + "|" + b);
        assertThat(grid).contains("|leaf splits|").contains("|bytes sent (last migration)|");
        assertThat(robot.lookup("#compare-title").queryAs(Label.class).getText()).contains("eager  vs ");

        // Their lanes, drawn side by side: each side's canvas shows its migration's syncs in lane colours.
        for (String side : new String[] {"#compare-left-lanes", "#compare-right-lanes"}) {
            javafx.scene.canvas.Canvas c = robot.lookup(side + " #lanes-canvas").queryAs(javafx.scene.canvas.Canvas.class);
            assertThat(c.getHeight()).as(side + " height").isGreaterThan(150);
            assertThat(lanePixels(c)).as(side).isGreaterThan(100);
        }
        var lanes = window.aligned();
        assertThat(lanes.leftLanes().shownRounds()).isNotEmpty();
        assertThat(lanes.rightLanes().shownRounds()).isNotEmpty();
        // One migration on both sides: choosing the first on the left shows it on the right and in the charts.
        robot.interact(() -> lanes.leftLanes().selectMigration(0));
        assertThat(lanes.rightLanes().migrationProperty().get()).isZero();
        // Aligned: zooming the left moves the right's window too.
        robot.interact(() -> lanes.leftLanes().zoom(0.25, 0.5));
        assertThat(lanes.rightLanes().fromProperty().get()).isEqualTo(lanes.leftLanes().fromProperty().get());
        assertThat(lanes.rightLanes().toProperty().get()).isEqualTo(lanes.leftLanes().toProperty().get())
                .isLessThan(vm.leftTrackingProperty().get().guestPages());
        // The two round charts share their axes.
        var leftChart = (javafx.scene.chart.LineChart<?, ?>) robot.lookup("#compare-left-rounds").query();
        var rightChart = (javafx.scene.chart.LineChart<?, ?>) robot.lookup("#compare-right-rounds").query();
        var ly = (javafx.scene.chart.NumberAxis) leftChart.getYAxis();
        var ry = (javafx.scene.chart.NumberAxis) rightChart.getYAxis();
        assertThat(ly.getUpperBound()).isEqualTo(ry.getUpperBound()).isGreaterThan(1);
        assertThat(((javafx.scene.chart.NumberAxis) leftChart.getXAxis()).getUpperBound())
                .isEqualTo(((javafx.scene.chart.NumberAxis) rightChart.getXAxis()).getUpperBound());
        assertThat(leftChart.getData()).isNotEmpty();
        assertThat(rightChart.getData()).isNotEmpty();
    }

    /** Pixels of the canvas in any lane colour (true positive, false positive or negative, written). */
    private static long lanePixels(javafx.scene.canvas.Canvas c) throws Exception {
        var img = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get();
        var r = img.getPixelReader();
        java.util.Set<Integer> colours = java.util.Set.of(LaneColors.TRUE_POSITIVE, LaneColors.FALSE_POSITIVE,
                LaneColors.FALSE_NEGATIVE, LaneColors.WRITTEN);
        long n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) {
                if (colours.contains(r.getArgb(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aBadSettingIsShownAndTheRunsStay(FxRobot robot) {
        // set, not typed: where a click puts the caret in the field is not part of what is tested
        robot.interact(() -> robot.lookup("#compare-right-setting").queryTextInputControl()
                .setText("migration.split=sideways"));
        robot.clickOn("#compare-load");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compare-problem").queryAs(Label.class).getText())
                .startsWith("Right (migration.split=sideways): ");
    }
}
