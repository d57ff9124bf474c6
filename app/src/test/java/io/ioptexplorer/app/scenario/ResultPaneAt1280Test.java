package io.ioptexplorer.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Result tab of the real window at 1280x800 on a step with a long result: the mixed-host sample's last
 * migration, blocked, whose reason is a sentence. Every key and value is drawn whole: before, the reason took the
 * row and every key was cut to "…".
 */
@ExtendWith(ApplicationExtension.class)
class ResultPaneAt1280Test {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800).view();
    }

    @Test
    void aBlockedMigrationsReasonWrapsAndItsKeysStayWhole(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("mixed-host-no-dirty-iommu.yaml"));
        robot.interact(() -> view.scenario().runToEnd());
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get()
                && view.scenario().nextStepProperty().get() == view.scenario().steps().size());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !grid(robot).isEmpty());
        for (int i = 0; i < 5; i++) {
            Thread.sleep(100);
            WaitForAsyncUtils.waitForFxEvents();
        }
        List<Label> cells = grid(robot);
        assertThat(cells).extracting(Label::getText).contains("reason", "result", "blocked");
        for (Label l : cells) {
            Text drawn = (Text) l.lookup(".text");
            assertThat(drawn == null ? "" : drawn.getText()).as("%s drawn whole", l.getText()).isEqualTo(l.getText());
        }
        Label reason = cells.get(cells.indexOf(cells.stream().filter(l -> l.getText().equals("reason")).findFirst()
                .orElseThrow()) + 1);
        assertThat(reason.getText()).contains("nic1").contains("no dirty tracking");
        assertThat(reason.getHeight()).as("the reason wraps onto more than one line")
                .isGreaterThan(1.5 * cells.get(0).getHeight());
    }

    /** The labels of the step's key/value grid, row by row. */
    private static List<Label> grid(FxRobot robot) {
        Pane detail = robot.lookup("#step-detail").queryAs(Pane.class);
        return detail.getChildren().stream().filter(GridPane.class::isInstance).findFirst()
                .map(g -> ((GridPane) g).getChildren().stream().filter(Label.class::isInstance)
                        .map(Label.class::cast).toList()).orElse(List.of());
    }
}
