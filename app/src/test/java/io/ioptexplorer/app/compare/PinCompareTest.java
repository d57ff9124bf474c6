package io.ioptexplorer.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.hardware.inspect.PtRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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

        // Highlighted in the views: the page-table tree marks the rows that differ from the pinned moment (the
        // split 2 MiB leaf is a table of 512 leaves now), and the IOTLB view has the pinned IOTLBs to outline from.
        var tables = parts.view().pageTablesViewModel();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tables.baselineProperty().get() != null);
        assertThat(tables.baselineProperty().get().step()).isEqualTo(12);
        List<String> changed = new ArrayList<>();
        for (var h : tables.snapshotProperty().get().hwpts()) {
            robot.interact(() -> tables.chooseHwpt(h.id()));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tables.snapshotProperty().get().hwpt() != null
                    && tables.snapshotProperty().get().hwpt().id() == h.id());
            Deque<PtRow> todo = new ArrayDeque<>(tables.snapshotProperty().get().rootRows());
            while (!todo.isEmpty()) {
                PtRow r = todo.pop();
                if (WaitForAsyncUtils.asyncFx(() -> tables.changed(r)).get()) {
                    changed.add("hwpt " + h.id() + " " + r.kind() + " level " + r.level());
                }
                if (r.kind() == PtRow.Kind.TABLE) {
                    todo.addAll(tables.expand(r).get(20, TimeUnit.SECONDS));
                }
            }
        }
        assertThat(changed).as("rows that differ from the pinned step").isNotEmpty()
                .anySatisfy(c -> assertThat(c).contains("TABLE level 1"));
        assertThat(tables.snapshotProperty().get().iotlbs()).allSatisfy(t ->
                assertThat(tables.pinnedIotlb(t.unitId())).isPresent());
        robot.interact(() -> parts.compare().stopHighlighting());
        assertThat(tables.baselineProperty().get()).isNull();
    }
}
