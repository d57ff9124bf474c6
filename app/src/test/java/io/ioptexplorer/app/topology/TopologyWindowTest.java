package io.ioptexplorer.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.scenario.IommuSpec;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The topology tab of the real window on every sample, read as drawn boxes and pixels. */
@ExtendWith(ApplicationExtension.class)
class TopologyWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
        view.layout().toggleMaximised(); // the centre alone, as the old window's tabs had it
    }

    private TopologyCanvas open(FxRobot robot, String sample, boolean runAll) throws Exception {
        robot.interact(() -> view.openSample(sample));
        if (runAll) {
            robot.interact(() -> view.scenario().runToEnd());
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                    && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        }
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "topology-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#topology-canvas").queryAs(TopologyCanvas.class);
    }

    private static Color fillOf(TopologyCanvas c, String id) throws Exception {
        Rectangle2D box = c.hits().stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow().box();
        PixelReader r = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get().getPixelReader();
        return r.getColor((int) box.getMaxX() - 4, (int) box.getMaxY() - 4);
    }

    @Test
    void everySampleDrawsEveryDeviceAndIommuWithItsDirtyCapability(FxRobot robot) throws Exception {
        for (String sample : SampleCatalog.names()) {
            if (sample.equals("scale-1tib-guest.yaml")) {
                // Opening it maps 256 M leaves of 4 KiB into 2 GiB of table pages: the window needs -Xmx8g and about
                // a minute for that (README, Performance), more than the test JVM has.
                continue;
            }
            Topology t = SampleCatalog.load(sample);
            TopologyCanvas c = open(robot, sample, !sample.startsWith("scale-"));
            List<String> drawn = c.hits().stream().map(TopologyCanvas.Hit::id).toList();
            assertThat(drawn).as(sample).contains("vm");
            for (IommuSpec i : t.iommus()) {
                assertThat(drawn).as(sample).contains(i.id());
                boolean dirty = view.scenario().tracking().snapshotProperty().get().topology().units().stream()
                        .filter(u -> u.id().equals(i.id())).findFirst().orElseThrow().dirtyCapable();
                assertThat(fillOf(c, i.id())).as("%s %s", sample, i.id())
                        .isEqualTo(dirty ? TopologyCanvas.DIRTY : TopologyCanvas.NO_DIRTY);
            }
            for (var d : t.devices()) {
                assertThat(drawn).as(sample).contains(d.id());
            }
        }
    }

    @Test
    void riscVShowsNoUpstreamDirtyTrackingAndTheMixedHostItsAttachFailure(FxRobot robot) throws Exception {
        TopologyCanvas c = open(robot, "riscv-no-upstream-dirty.yaml", true);
        var riscv = view.scenario().tracking().snapshotProperty().get().topology().units().get(0);
        assertThat(riscv.verdict()).isEqualTo("hardware A/D but no upstream dirty ops");
        assertThat(fillOf(c, riscv.id())).isEqualTo(TopologyCanvas.NO_DIRTY);

        c = open(robot, "mixed-host-no-dirty-iommu.yaml", true);
        var failed = view.scenario().tracking().snapshotProperty().get().topology().devices().stream()
                .filter(d -> d.problem().contains("EINVAL")).findFirst().orElseThrow();
        assertThat(fillOf(c, failed.id())).isEqualTo(TopologyCanvas.PROBLEM);
        // The box names the failure and errno; the why, drawn whole, made the boxes taller than the tab at 1280x800.
        Rectangle2D box = c.hits().stream().filter(h -> h.id().equals(failed.id())).findFirst().orElseThrow().box();
        Rectangle2D fine = c.hits().stream().filter(h -> h.id().equals("nic0")).findFirst().orElseThrow().box();
        assertThat(failed.problemHead()).startsWith("attach to hwpt ").endsWith("failed: EINVAL");
        assertThat(box.getHeight()).as("one line (the failure) more than a box without a problem")
                .isEqualTo(fine.getHeight() + TopologyCanvas.LINE);
        // Clicking it lists the errno and why in the details.
        robot.clickOn(c.localToScreen(box.getMinX() + 10, box.getMinY() + 10));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#topology-details").queryListView().getItems())
                .anySatisfy(l -> assertThat((String) l).contains("EINVAL").contains("cannot track dirty pages"));
    }
}
