package io.ioptexplorer.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A state clicked on the FSM diagram selects its device and takes the focus to the arc that entered it. */
@ExtendWith(ApplicationExtension.class)
class FsmFocusWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
        view.layout().toggleMaximised();
    }

    @Test
    void clickingStopCopyGoesToTheArcThatEnteredIt(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "migration-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        FsmCanvas canvas = robot.lookup("#fsm-canvas").queryAs(FsmCanvas.class);
        var end = view.scenario().focus().moment();
        Point2D p = canvas.centre(VfioMigState.STOP_COPY);
        robot.clickOn(canvas.localToScreen(p.getX(), p.getY()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().focus().moment().isBefore(end));
        var at = view.scenario().session().snapshotProperty().get();
        assertThat(at.event()).isNotNull();
        assertThat(at.event().kind()).isEqualTo(EventKind.FSM_ARC);
        String device = view.scenario().focus().selection() instanceof Selection.Device d ? d.id() : "";
        assertThat(device).isNotEmpty();
        var arc = view.scenario().session().query(pm -> pm.event().orElseThrow().event()).get(30, TimeUnit.SECONDS);
        assertThat(arc).isInstanceOfSatisfying(VfioMigArcEvent.class, a -> {
            assertThat(a.to()).isEqualTo(VfioMigState.STOP_COPY);
            assertThat(a.deviceId()).startsWith(device);
        });
    }
}
