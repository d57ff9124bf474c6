package io.ioptexplorer.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The DMA path of the stale-IOTLB sample's NIC lights up when a DMA step runs and fades when traffic stops. */
@ExtendWith(ApplicationExtension.class)
class TopologyTrafficWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
        view.layout().toggleMaximised();
    }

    @AfterEach
    void restoreFade() {
        TopologyDiagramView.fadeSeconds = TopologyDiagramView.FADE_SECONDS;
    }

    /** The pixel halfway down the arrow from the device's box to its IOMMU's box. */
    private static Color pathPixel(TopologyCanvas c, String device, String unit) throws Exception {
        Rectangle2D d = c.hits().stream().filter(h -> h.id().equals(device)).findFirst().orElseThrow().box();
        Rectangle2D u = c.hits().stream().filter(h -> h.id().equals(unit)).findFirst().orElseThrow().box();
        double x = (d.getMinX() + d.getWidth() / 2 + u.getMinX() + u.getWidth() / 2) / 2;
        double y = (d.getMaxY() + u.getMinY()) / 2;
        return WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get().getPixelReader()
                .getColor((int) Math.round(x), (int) Math.round(y));
    }

    private static boolean orange(Color c) {
        return c.getRed() - c.getBlue() > 0.3;
    }

    private static boolean grey(Color c) {
        return Math.abs(c.getRed() - c.getBlue()) < 0.1;
    }

    @Test
    void aDmaStepLightsTheDevicesPathWhichFadesWhenTrafficStops(FxRobot robot) throws Exception {
        TopologyDiagramView.fadeSeconds = 60; // a loaded host may take seconds to draw: keep it lit meanwhile
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "topology-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        TopologyCanvas c = robot.lookup("#topology-canvas").queryAs(TopologyCanvas.class);
        assertThat(orange(pathPixel(c, "nic0", "vtd0"))).as("no traffic yet").isFalse();
        // step 0 enables dirty tracking, step 1 is the NIC's DMA
        for (int i = 0; i < 2; i++) {
            robot.interact(() -> view.scenario().stepForward());
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(orange(pathPixel(c, "nic0", "vtd0"))).as("lit while traffic flows").isTrue();
        // traffic stops: the next snapshot of the same moment brings none, and the path fades back
        TopologyDiagramView.fadeSeconds = 0.3;
        // wait for the end of the fade, not its middle: a half-faded path is neither orange nor grey
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> grey(pathPixel(c, "nic0", "vtd0")));
        Color plain = pathPixel(c, "nic0", "vtd0");
        assertThat(Math.abs(plain.getRed() - plain.getBlue())).as("back to the plain grey path").isLessThan(0.1);
        // the device picked on the diagram is the shared selection
        Rectangle2D box = c.hits().stream().filter(h -> h.id().equals("nic0")).findFirst().orElseThrow().box();
        robot.clickOn(c.localToScreen(box.getMinX() + 10, box.getMinY() + 10));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.scenario().focus().selection()).isEqualTo(new Selection.Device("nic0"));
    }
}
