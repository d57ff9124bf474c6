package io.ioptexplorer.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Before any migration the dashboard says where its charts will be, instead of showing empty axes. */
@ExtendWith(ApplicationExtension.class)
class DashboardBeforeMigrationTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.build(stage, new InMemorySettingsStore(), null).view();
        stage.setWidth(1600);
        stage.setHeight(1000);
    }

    @Test
    void theChartsAppearWithTheFirstMigration(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("vtd-mlx5-device-tracking.yaml"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        showMigrationTab(robot);
        Node note = robot.lookup("#dashboard-no-migration").query();
        Node chart = robot.lookup("#rounds-chart").query();
        assertThat(note.isVisible()).isTrue();
        assertThat(chart.isVisible()).isFalse();
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(note.isVisible()).isFalse();
        assertThat(chart.isVisible()).isTrue();
    }

    /**
     * Stopped inside round 0 the migration has no round to chart yet, and the note says the round is under way
     * (it said the migration "ran no round", as if it had ended).
     */
    @Test
    void duringRoundZeroTheNoteSaysTheRoundIsUnderWay(FxRobot robot) throws Exception {
        openAndRunToEnd(robot, "stale-iotlb-hazard.yaml", 120);
        long roundStart = view.scenario().session().query(pm -> {
            for (long s = 0; s < pm.timeline().size(); s++) {
                if (pm.timeline().kind(s) == io.ioptexplorer.hardware.timeline.EventKind.ROUND_START) {
                    return s;
                }
            }
            return -1L;
        }).get(30, TimeUnit.SECONDS);
        assertThat(roundStart).isPositive();
        int step = view.scenario().session().query(pm -> pm.timeline().stepOf(roundStart)).get();
        long inside = roundStart + 5;
        robot.interact(() -> view.scenario().focus().moveTo(new io.ioptexplorer.viewmodel.live.Moment(step, inside)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().focus().moment().seq() == inside);
        showMigrationTab(robot);
        var note = robot.lookup("#dashboard-no-migration").queryAs(javafx.scene.control.Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> note.getText().startsWith("Round 0 is under way"));
        assertThat(note.isVisible()).isTrue();
        assertThat(robot.lookup("#rounds-chart").query().isVisible()).isFalse();
    }

    /** Opens a bundled sample and runs it to its end, waiting at most {@code seconds} for the run. */
    private void openAndRunToEnd(FxRobot robot, String sample, int seconds) throws Exception {
        robot.interact(() -> view.openSample(sample));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
    }

    private void showMigrationTab(FxRobot robot) {
        robot.interact(() -> view.layout().tabs().getSelectionModel().select(view.layout().tabs().getTabs().stream()
                .filter(t -> "migration-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A migration blocked before its first round has nothing to chart, and says so. */
    @Test
    void aBlockedMigrationSaysItHasNoRoundToChart(FxRobot robot) throws Exception {
        openAndRunToEnd(robot, "mixed-host-no-dirty-iommu.yaml", 180);
        showMigrationTab(robot);
        var note = robot.lookup("#dashboard-no-migration").queryAs(javafx.scene.control.Label.class);
        assertThat(note.isVisible()).isTrue(); // the last migration of the sample is blocked before round 0
        assertThat(note.getText()).contains("ran no round");
        assertThat(robot.lookup("#rounds-chart").query().isVisible()).isFalse();
    }
}
