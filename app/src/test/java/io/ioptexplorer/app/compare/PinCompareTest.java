package io.ioptexplorer.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Pin before the default tour's split, step over it, and the comparison lists what the split changed. */
@ExtendWith(ApplicationExtension.class)
class PinCompareTest {
    private MainWindow.Parts parts;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
    }

    private void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !parts.view().scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void pinThenSplitThenCompareListsTheDifferences(FxRobot robot) throws Exception {
        robot.interact(() -> parts.view().scenario().goTo(12));
        waitIdle();
        robot.clickOn("#step-list");
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).startsWith("Pinned the moment");
        robot.type(KeyCode.RIGHT);
        waitIdle();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !parts.compare().changes().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(parts.compare().changes().getItems()).contains("domains[3].splits:  0  →  1",
                "domains[3].leaves.2097152:  1  →  —", "domains[3].leaves.4096:  16  →  528");
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText())
                .endsWith("differ between the pinned step 12 and step 13");
        robot.type(KeyCode.ENTER); // closes the dialog
    }
}
