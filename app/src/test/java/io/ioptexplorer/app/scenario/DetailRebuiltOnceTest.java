package io.ioptexplorer.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Result pane is rebuilt once for all the changes of one event. At a run's end the step rows, the selection and
 * the steps' "why" change together, and each used to rebuild the whole pane: a profile of the window on the 64 GiB
 * sample showed three rebuilds in the heaviest frame of the run's end.
 */
@ExtendWith(ApplicationExtension.class)
class DetailRebuiltOnceTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800).view();
    }

    @Test
    void twoSelectionsInOneEventRebuildThePaneOnceForTheLast(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("tour-dirty-tracking-basics.yaml"));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitForFxEvents();
        Pane detail = robot.lookup("#step-detail").queryAs(Pane.class);
        @SuppressWarnings("unchecked")
        ListView<StepRow> steps = robot.lookup("#step-list").queryAs(ListView.class);
        AtomicInteger rebuilds = new AtomicInteger();
        detail.getChildren().addListener((ListChangeListener<Node>) c -> {
            while (c.next()) {
                if (c.wasAdded() && c.getFrom() == 0) {
                    rebuilds.incrementAndGet(); // the heading goes in first, at index 0
                }
            }
        });
        robot.interact(() -> {
            steps.getSelectionModel().select(2);
            steps.getSelectionModel().select(4);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rebuilds.get()).isEqualTo(1);
        assertThat(((Label) detail.getChildren().get(0)).getText()).startsWith("5. ");
    }
}
