package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.stage.StageKey;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The one-step / whole-story switch on the real window, and Help's list of every key. */
@ExtendWith(ApplicationExtension.class)
class StoryAndKeysTest {
    private MainWindow.Parts parts;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
    }

    private void selectTab(FxRobot robot, String id) {
        robot.interact(() -> parts.view().layout().tabs().getTabs().stream().filter(t -> id.equals(t.getId()))
                .findFirst().ifPresent(t -> parts.view().layout().tabs().getSelectionModel().select(t)));
    }

    @Test
    void wSwitchesTheLanesAndTheDashboardBetweenOneRoundAndEveryRoundAlsoWhilePresenting(FxRobot robot)
            throws Exception {
        var scenario = parts.view().scenario();
        robot.interact(() -> parts.view().openSample("stale-iotlb-hazard.yaml"));
        robot.interact(scenario::runToEnd);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !scenario.busyProperty().get()
                && scenario.nextStepProperty().get() == scenario.steps().size());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            TrackingSnapshot s = scenario.tracking().snapshotProperty().get();
            return !s.migrations().isEmpty() && !s.migrations().get(0).running();
        });
        WaitForAsyncUtils.waitForFxEvents();
        int rounds = scenario.tracking().snapshotProperty().get().migrations().get(0).rounds().size();
        assertThat(rounds).isGreaterThanOrEqualTo(3);
        selectTab(robot, "migration-tab");
        ListView<?> lines = robot.lookup("#round-lines").queryListView();
        assertThat(lines.getItems()).as("the whole story: every round").hasSize(rounds);

        robot.interact(parts.presentation().viewModel()::togglePresenting);
        robot.type(KeyCode.W);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(parts.view().story().isWholeStory()).isFalse();
        assertThat(lines.getItems()).as("one step: the current round").hasSize(1);
        assertThat(lines.getItems().get(0).toString()).startsWith("round " + (rounds - 1) + ":");
        selectTab(robot, "lanes-tab");
        assertThat(robot.lookup("#lanes-multiples").queryAs(CheckBox.class).isSelected()).isFalse();

        robot.type(KeyCode.W);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lanes-multiples").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(lines.getItems()).hasSize(rounds);
        robot.interact(parts.presentation().viewModel()::togglePresenting);
    }

    @Test
    void afterAFindTheStepKeysStillStepAndEscapeLeavesTheFindField(FxRobot robot) throws Exception {
        var scenario = parts.view().scenario();
        WindowWaits.idle(parts.view());
        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#find-iova").query().isFocused()).as("Ctrl+F: the keyboard in the find field")
                .isTrue();
        robot.write("0x100000"); // typed text stays the field's
        robot.type(KeyCode.PAGE_DOWN); // the clicker's "next"
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !scenario.busyProperty().get()
                && scenario.nextStepProperty().get() == 1);
        robot.type(KeyCode.F7); // step into
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !scenario.busyProperty().get()
                && parts.view().pageTablesViewModel().snapshotProperty().get() != null
                && parts.view().pageTablesViewModel().snapshotProperty().get().inside() != null);
        assertThat(robot.lookup("#find-iova").queryTextInputControl().getText()).isEqualTo("0x100000");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#pt-tree").query().isFocused()).as("Escape: back to the tree's rows").isTrue();
    }

    @Test
    void helpListsEveryKeyFromTheListsTheBindingsUse() {
        String table = parts.view().commands().shortcutTable();
        for (StageKey k : StageKey.values()) {
            assertThat(table).as(k.name()).contains(k.keyText()).contains(k.help());
        }
        for (String id : new String[] {"story-button", "export-png", "pin-moment", "compare-pinned", "find-iova",
                "step-button", "about-button"}) {
            ExplorerCommand c = parts.view().commands().command(id);
            assertThat(table).as(id).contains(c.keyText()).contains(c.help());
        }
        assertThat(table).contains("F11").contains("Ctrl+Shift+S").contains("Ctrl+P").contains("W ");
    }
}
