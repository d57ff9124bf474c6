package io.ioptexplorer.app.migration;

import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY_P2P;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RUNNING;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP_COPY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.FsmArc;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The FSM diagram fed with the arcs of a device with P2P and PRE_COPY going to STOP_COPY. */
@ExtendWith(ApplicationExtension.class)
class FsmViewTest {
    private final FsmViewModel vm = new FsmViewModel();
    private FsmView view;

    @Start
    void start(Stage stage) {
        view = new FsmView(vm, javafx.util.Duration.seconds(3)); // slow enough to see each arc on a busy host
        stage.setScene(new Scene(view.root(), 520, 560));
        stage.show();
    }

    private static TrackingSnapshot arcs(FsmArc... arcs) {
        return new TrackingSnapshot(1, List.of(), List.of(), List.of(arcs),
                List.of(new TrackingSnapshot.DeviceState("gpu0", VfioMigFlags.of(true, true), RUNNING),
                        new TrackingSnapshot.DeviceState("nic0", VfioMigFlags.stopCopyOnly(), RUNNING)),
                io.ioptexplorer.hardware.inspect.topology.TopologyView.EMPTY);
    }

    private int shown() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> view.shownArcs()).get();
    }

    private Color pixel(Point2D p) throws Exception {
        PixelReader r = WaitForAsyncUtils.asyncFx(() -> view.canvas().snapshot(null, null)).get().getPixelReader();
        return r.getColor((int) p.getX(), (int) p.getY());
    }

    /** A point on the drawn arc a→b (arcs are offset 6 px to the left of their direction). */
    private Point2D onArc(VfioMigState a, VfioMigState b) {
        Point2D p = view.canvas().centre(a);
        Point2D q = view.canvas().centre(b);
        Point2D d = q.subtract(p).normalize();
        return p.midpoint(q).add(new Point2D(-d.getY(), d.getX()).multiply(6));
    }

    @Test
    void walksPreCopyToPreCopyP2pToStopCopyArcByArc(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.deviceProperty().set("gpu0");
            vm.snapshotProperty().set(arcs(new FsmArc(0, "gpu0", RUNNING, PRE_COPY, PRE_COPY, 1, 0),
                    new FsmArc(1, "nic0", RUNNING, STOP, STOP, 1, 0),
                    new FsmArc(2, "gpu0", PRE_COPY, PRE_COPY_P2P, STOP_COPY, 2, 0),
                    new FsmArc(3, "gpu0", PRE_COPY_P2P, STOP_COPY, STOP_COPY, 2, 0)));
        });
        assertThat(vm.lastPath()).hasSize(2);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown() == 1);
        assertThat(pixel(onArc(PRE_COPY, PRE_COPY_P2P))).isEqualTo(FsmCanvas.ACCENT);
        assertThat(pixel(onArc(PRE_COPY_P2P, STOP_COPY))).isNotEqualTo(FsmCanvas.ACCENT);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown() == 2);
        assertThat(pixel(onArc(PRE_COPY, PRE_COPY_P2P))).isEqualTo(FsmCanvas.ACCENT);
        assertThat(pixel(onArc(PRE_COPY_P2P, STOP_COPY))).isEqualTo(FsmCanvas.ACCENT);
        // The arc before the other device's arc is not part of this transition.
        assertThat(pixel(onArc(RUNNING, PRE_COPY))).isNotEqualTo(FsmCanvas.ACCENT);
        // STOP_COPY is the current state: filled.
        Point2D sc = view.canvas().centre(STOP_COPY);
        assertThat(pixel(sc.add(-60, 16))).isEqualTo(FsmCanvas.CURRENT);
        assertThat(robot.lookup("#fsm-transition").queryLabeled().getText())
                .isEqualTo("Last SET (asked for STOP_COPY): PRE_COPY → PRE_COPY_P2P → STOP_COPY");
    }

    @Test
    void aStopCopyOnlyDeviceShowsOnlyItsFourStates(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.snapshotProperty().set(arcs());
            vm.deviceProperty().set("nic0");
        });
        WaitForAsyncUtils.waitForFxEvents();
        // The PRE_COPY box's place stays blank: a STOP_COPY-only device has no such state.
        Point2D pc = view.canvas().centre(PRE_COPY);
        assertThat(pixel(pc)).isEqualTo(Color.WHITE);
        Point2D running = view.canvas().centre(RUNNING);
        assertThat(pixel(running.add(-60, 16))).isEqualTo(FsmCanvas.CURRENT);
    }
}
