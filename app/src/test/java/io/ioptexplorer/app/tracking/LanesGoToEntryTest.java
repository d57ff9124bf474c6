package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A right click on a page of a lane selects its IOVA and offers "Go to the entry", which opens the page tables. */
@ExtendWith(ApplicationExtension.class)
class LanesGoToEntryTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.build(stage, new InMemorySettingsStore(), null).view();
    }

    @Test
    void aRightClickedPageGoesToItsEntry(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        WindowWaits.idle(view);
        WindowWaits.runToEndOfFirstMigration(robot, view);
        robot.interact(() -> WindowWaits.showTab(view, "lanes-tab"));
        WaitForAsyncUtils.waitForFxEvents();
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        int cols = canvas.shownColumns();
        // a tenth of the way into round 0's kvm lane: the page at a tenth of guest memory (1 GiB), give or take a pixel
        double x = canvas.columnX(0, cols) + canvas.columnWidth(cols) / 10.0;
        double y = canvas.rowY(0) + canvas.barHeight() / 2;
        robot.clickOn(robot.point(canvas.localToScreen(x, y)), MouseButton.SECONDARY);
        WaitForAsyncUtils.waitForFxEvents();
        Selection s = view.scenario().focus().selection();
        assertThat(s).isInstanceOf(Selection.Iova.class);
        long iova = ((Selection.Iova) s).iova();
        assertThat(iova).isBetween(0x6000000L, 0x7400000L); // 1 GiB / 10 = 0x6666666, within a pixel or two
        MenuItem go = robot.listWindows().stream()
                .filter(w -> w instanceof ContextMenu m && m.isShowing())
                .flatMap(w -> ((ContextMenu) w).getItems().stream())
                .filter(i -> "lanes-go-to-entry".equals(i.getId())).findFirst().orElseThrow();
        assertThat(go.getText()).isEqualTo("Go to the entry of IOVA 0x" + Long.toHexString(iova));
        robot.interact(go::fire);
        WindowWaits.until(() -> view.pageTablesViewModel().revealProperty().get() != null
                && view.pageTablesViewModel().revealProperty().get().iova() == iova);
        assertThat(view.layout().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("page-tables-tab");
        robot.type(KeyCode.ESCAPE);
    }
}
