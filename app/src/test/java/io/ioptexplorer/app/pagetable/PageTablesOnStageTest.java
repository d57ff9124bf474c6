package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.TreeTableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Presentation mode (F11) at 2x on a 1280x800 screen, the tour's first DMA walked: the page-table tree shows at least
 * {@link #LEAST_ROWS} rows whole, counted from the laid-out rows inside the tree's visible area. It showed about 6:
 * the banner, the tabs and the next caption took the height.
 */
@ExtendWith(ApplicationExtension.class)
class PageTablesOnStageTest {
    static final int LEAST_ROWS = 10;
    private MainWindow.Parts parts;
    private PresentationViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800);
        vm = parts.presentation().viewModel();
        WindowWaits.showTab(parts.view(), "page-tables-tab");
    }

    @AfterEach
    void leave(FxRobot robot) {
        WindowWaits.leavePresentation(robot, vm);
    }

    @Test
    void atTwiceTheScaleOn1280x800TheTreeShowsAtLeastTenRows(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, parts.view(), 7); // the tour's first DMA: its walk opens four levels
        robot.interact(() -> {
            vm.togglePresenting();
            vm.setScale(2.0);
        });
        // Full screen fills the headless screen (1600x1000): the stage made the size of a 1280x800 screen.
        WindowWaits.placeStage(robot, stage, 1280, 800);
        WindowWaits.settled(() -> StageScale.get() == 2.0);
        assertThat(stage.getScene().getHeight()).isEqualTo(800);
        var tree = parts.view().pageTables().tree().view();
        Node flow = tree.lookup(".clipped-container"); // the rows' visible area, under the header
        Bounds area = flow.localToScene(flow.getLayoutBounds());
        int whole = 0;
        for (Node n : tree.lookupAll(".tree-table-row-cell")) {
            if (n instanceof TreeTableRow<?> r && r.isVisible() && r.getItem() instanceof PtRow) {
                Bounds b = r.localToScene(r.getLayoutBounds());
                if (b.getMinY() >= area.getMinY() - 0.5 && b.getMaxY() <= area.getMaxY() + 0.5) {
                    whole++;
                }
            }
        }
        assertThat(whole).as("tree rows in view whole, in %s", area).isGreaterThanOrEqualTo(LEAST_ROWS);
    }
}
