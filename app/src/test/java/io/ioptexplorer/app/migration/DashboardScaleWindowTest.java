package io.ioptexplorer.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.export.PngExport;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
 * The migration dashboard of the real window in presentation mode after the stale-IOTLB sample's migration, at
 * presentation scale 1 and 2: the charts keep their height (side by side at 1x, stacked and scrolling
 * at 2x), their plots hold drawn lines (pixels), the rounds in words show their rows and the verification its
 * whole text. Each picture is written to {@code target/} to look at.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardScaleWindowTest {
    private MainWindowView view;
    private PresentationViewModel presentation;

    @Start
    void start(Stage stage) {
        MainWindow.Parts parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
        view = parts.view();
        presentation = parts.presentation().viewModel();
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1600);
        stage.setHeight(1000);
    }

    @AfterEach
    void leave(FxRobot robot) {
        robot.interact(() -> {
            if (presentation.isPresenting()) {
                presentation.togglePresenting();
            }
        });
    }

    @Test
    void theChartsStayReadableAtOneAndTwoTimesScale(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "migration-tab".equals(t.getId())).findFirst().orElseThrow()));
        robot.interact(() -> presentation.togglePresenting()); // F11: the centre alone, under the banner
        for (double scale : new double[] {1, 2}) {
            robot.interact(() -> presentation.setScale(scale)); // ctrl+equal / ctrl+minus
            assertThat(StageScale.get()).isEqualTo(scale);
            WaitForAsyncUtils.waitForFxEvents();
            ScrollPane scroll = robot.lookup("#dashboard-scroll").queryAs(ScrollPane.class);
            PngExport.write(WaitForAsyncUtils.asyncFx(() -> PngExport.snapshot(scroll.getScene())).get(),
                    Path.of("target", "dashboard-" + (int) scale + "x.png"));
            boolean side = WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.SplitPane) scroll.getContent())
                    .getOrientation() == javafx.geometry.Orientation.HORIZONTAL).get();
            assertThat(side).as("side by side at %sx", scale).isEqualTo(scale == 1);
            for (String id : new String[] {"#rounds-chart", "#downtime-chart"}) {
                LineChart<?, ?> chart = robot.lookup(id).queryAs(LineChart.class);
                robot.interact(() -> scroll.setVvalue(vFor(scroll, chart)));
                WaitForAsyncUtils.waitForFxEvents();
                Node plot = chart.lookup(".chart-plot-background");
                assertThat(chart.getHeight()).as("%s at %sx", id, scale)
                        .isGreaterThanOrEqualTo(DashboardSections.CHART_MIN * scale - 1);
                assertThat(plot.getBoundsInLocal().getHeight()).as("%s plot at %sx", id, scale)
                        .isGreaterThanOrEqualTo(100 * scale);
                assertThat(linePixels(chart, plot)).as("%s line pixels at %sx", id, scale).isGreaterThan(50);
            }
            // the rounds in words: three rounds of the sample, each a row with its text
            long rows = robot.lookup("#round-lines").lookup(".list-cell").queryAllAs(ListCell.class).stream()
                    .filter(c -> c.getText() != null && c.getText().startsWith("round")).count();
            assertThat(rows).as("round rows at %sx", scale).isGreaterThanOrEqualTo(3);
            Label verification = robot.lookup("#dashboard-verification").queryAs(Label.class);
            assertThat(verification.getHeight()).as("verification wrapped in full at %sx", scale)
                    .isGreaterThanOrEqualTo(verification.prefHeight(verification.getWidth()) - 1);
        }
    }

    /** The scroll position that brings {@code node} to the top of the viewport. */
    private static double vFor(ScrollPane scroll, Node node) {
        Bounds b = node.localToScene(node.getBoundsInLocal());
        Bounds content = scroll.getContent().localToScene(scroll.getContent().getBoundsInLocal());
        double range = content.getHeight() - scroll.getViewportBounds().getHeight();
        return range <= 0 ? 0 : Math.min(1, Math.max(0, (b.getMinY() - content.getMinY()) / range));
    }

    /** Pixels of the plot area that differ from its background: the drawn series and grid. */
    private static int linePixels(LineChart<?, ?> chart, Node plot) throws Exception {
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> chart.snapshot(null, null)).get();
        PixelReader r = img.getPixelReader();
        Bounds p = chart.sceneToLocal(plot.localToScene(plot.getBoundsInLocal()));
        Color bg = r.getColor((int) p.getMinX() + 2, (int) p.getMinY() + 2);
        int n = 0;
        for (int y = (int) p.getMinY() + 3; y < (int) p.getMaxY() - 3; y += 2) {
            for (int x = (int) p.getMinX() + 3; x < (int) p.getMaxX() - 3; x += 2) {
                Color c = r.getColor(x, y);
                if (Math.abs(c.getRed() - bg.getRed()) + Math.abs(c.getGreen() - bg.getGreen())
                        + Math.abs(c.getBlue() - bg.getBlue()) > 0.3) {
                    n++;
                }
            }
        }
        return n;
    }
}
