package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.kvm.VcpuWrite;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.tracking.PageTrace;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A page only the vCPUs wrote, picked in the lanes of the real window (the dirty-ring sample): its trace lists the
 * vCPU writes KVM logged, and clicking one takes the focus to that vcpu-write event.
 */
@ExtendWith(ApplicationExtension.class)
class VcpuTraceWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
        view.layout().toggleMaximised();
    }

    private void idle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aVcpuWriteInAPagesTraceTakesTheFocusToItsEvent(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("vcpu-and-device-union-dirty-ring.yaml"));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "lanes-tab".equals(t.getId())).findFirst().orElseThrow()));
        MigrationLanes m = view.scenario().tracking().snapshotProperty().get().lanes().get(0);
        long[] frame = {-1};
        for (LaneRound round : m.rounds()) {
            Lane kvm = round.trackers().stream().filter(l -> l.kind().equals("kvm")).findFirst().orElseThrow();
            kvm.reported().forEachFrame(f -> {
                if (frame[0] < 0 && round.trackers().stream().filter(l -> l != kvm)
                        .noneMatch(l -> l.truth().contains(f))) {
                    frame[0] = f;
                }
            });
        }
        assertThat(frame[0]).isNotNegative();
        robot.interact(() -> view.scenario().focus().select(new Selection.Iova(-1, frame[0] << 12)));
        idle();
        @SuppressWarnings("unchecked")
        ListView<PageTrace.Line> picked = robot.lookup("#picked-page").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> picked.getItems().stream()
                .anyMatch(l -> l.text().contains("write at GPA")));
        int row = -1;
        for (int i = 0; i < picked.getItems().size() && row < 0; i++) {
            row = picked.getItems().get(i).text().contains("write at GPA") ? i : -1;
        }
        PageTrace.Line line = picked.getItems().get(row);
        assertThat(line.text()).contains("on the vCPU's dirty ring");
        Moment target = line.moment();
        int index = row;
        robot.interact(() -> picked.scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#picked-page .list-cell").match(n -> n instanceof ListCell<?> c
                && c.getIndex() == index).queryAs(Node.class));
        idle();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.scenario().focus().moment().equals(target));
        var at = view.scenario().session().snapshotProperty().get();
        assertThat(at.event().kind()).isEqualTo(EventKind.VCPU_WRITE);
        assertThat(at.event().event()).isInstanceOfSatisfying(VcpuWrite.class, w -> {
            assertThat(w.gpa() >>> 12).isEqualTo(frame[0]);
            assertThat(line.text()).contains("vCPU " + w.vcpu() + " write");
        });
    }
}
