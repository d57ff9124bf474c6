package io.ioptexplorer.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.stage.StageScale;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;

/**
 * The topology diagram in the centre pane of the real window, side panes shown, at 1600x1000 and 1280x800, on every
 * sample the window opens: every box inside the canvas, no two overlapping, every line of text as drawn narrower than
 * its box (wrapped, never squeezed), the box's fill read back as pixels; at 1600x1000 nothing needs scrolling.
 */
@ExtendWith(ApplicationExtension.class)
class TopologyReadableWindowTest {
    private MainWindowView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.open(stage, new InMemorySettingsStore());
    }

    @Test
    void everySampleIsReadableInTheCentrePaneAt1600x1000And1280x800(FxRobot robot) throws Exception {
        for (double[] size : List.of(new double[] {1600, 1000}, new double[] {1280, 800})) {
            robot.interact(() -> {
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            for (String sample : SampleCatalog.names()) {
                if (sample.equals("scale-1tib-guest.yaml")) {
                    continue; // the window cannot open it (README, Performance)
                }
                String where = sample + " at " + (int) size[0] + "x" + (int) size[1];
                robot.interact(() -> view.openSample(sample));
                robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs()
                        .stream().filter(t -> "topology-tab".equals(t.getId())).findFirst().orElseThrow()));
                TopologyCanvas c = robot.lookup("#topology-canvas").queryAs(TopologyCanvas.class);
                ScrollPane scroll = robot.lookup("#topology-scroll").queryAs(ScrollPane.class);
                List<String> devices = SampleCatalog.load(sample).devices().stream().filter(d -> !d.hotplug())
                        .map(d -> d.id()).toList(); // a hot-plugged device appears at its hotplug step
                // the file opens on the machine thread: on a loaded host the last sample's picture can still be up
                io.ioptexplorer.app.main.WindowWaits.idle(view);
                io.ioptexplorer.app.main.WindowWaits.until(() -> c.hits().stream().map(TopologyCanvas.Hit::id)
                        .toList().containsAll(devices));
                List<TopologyCanvas.Hit> hits = c.hits();
                assertThat(hits).as(where).extracting(TopologyCanvas.Hit::id).contains("vm").containsAll(devices);
                PixelReader pixels = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get().getPixelReader();
                double k = StageScale.get();
                for (TopologyCanvas.Hit h : hits) {
                    Rectangle2D b = h.box();
                    assertThat(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= c.getWidth()
                            && b.getMaxY() <= c.getHeight()).as("%s: %s inside the canvas", where, h.id()).isTrue();
                    for (TopologyCanvas.Hit other : hits) {
                        assertThat(other == h || !other.box().intersects(b))
                                .as("%s: %s and %s apart", where, h.id(), other.id()).isTrue();
                    }
                    for (int i = 0; i < h.lines().size(); i++) {
                        assertThat(TopologyCanvas.width(h.lines().get(i), i == 0))
                                .as("%s: %s line '%s' fits", where, h.id(), h.lines().get(i))
                                .isLessThanOrEqualTo(b.getWidth() - 16 * k + 0.5);
                    }
                    // the box's fill, inside its rounded corner, is one of the diagram's fills
                    Color fill = pixels.getColor((int) b.getMaxX() - 4, (int) b.getMaxY() - 4);
                    assertThat(fill).as("%s: %s fill", where, h.id()).isIn(TopologyCanvas.DEVICE,
                            TopologyCanvas.PROBLEM, TopologyCanvas.DIRTY, TopologyCanvas.NO_DIRTY, TopologyCanvas.VM);
                }
                if (size[0] == 1600) {
                    assertThat(c.getHeight()).as("%s: no scrolling", where)
                            .isLessThanOrEqualTo(scroll.getViewportBounds().getHeight() + 0.5);
                }
            }
        }
    }
}
