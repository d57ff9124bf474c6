package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Page tables tab in the real window at 1280x800, read from the laid-out nodes: the walk line and the HWPT
 * chooser are drawn whole (the walk line was cut in the middle of the walk, the chooser read "HWPT 4 · no ..."), and
 * with the stale-IOTLB sample's long caption the IOTLB's entry list has room for 6 rows in view (it showed one).
 */
@ExtendWith(ApplicationExtension.class)
class PageTablesAt1280Test {
    private MainWindowView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800).view();
        WindowWaits.showTab(view, "page-tables-tab");
    }

    @Test
    void theWalkLineAndTheChooserAreWholeAndTheIotlbListHasSixRowsUnderALongCaption(FxRobot robot)
        throws Exception {
        WindowWaits.idle(view);
        sized(robot);
        WindowWaits.stepTo(robot, view, 7); // the tour's first DMA: its walk down to a 4 KiB leaf
        Scene scene = view.root().getScene();
        Label walk = (Label) scene.lookup("#walk-line");
        assertThat(walk.getText()).startsWith("Walk of ").contains("→ L0[");
        assertThat(drawn(walk)).as("the walk line as drawn").isEqualTo(walk.getText());
        assertThat(walk.getTooltip().getText()).contains("after step 8");
        ComboBox<?> chooser = (ComboBox<?>) scene.lookup("#hwpt-choice");
        // As wide as its longest label wants (the closed chooser then shows its value whole).
        assertThat(chooser.getWidth()).as("the chooser's width").isGreaterThanOrEqualTo(chooser.prefWidth(-1) - 0.5);

        // The root's rows show their IOVA ranges whole (a 4-level table's "0x8000000000–0xffffffffffff" was cut);
        // the walk's table closed, so that both are in view.
        robot.interact(() -> {
            var tree = view.pageTables().tree().view();
            tree.getRoot().getChildren().get(0).setExpanded(false);
            tree.scrollTo(0);
        });
        WindowWaits.settle();
        int ranges = 0;
        for (Node n : scene.lookup("#pt-tree").lookupAll(".tree-table-row-cell")) {
            if (n instanceof javafx.scene.control.TreeTableRow<?> r && r.getItem() instanceof PtRow p
                && p.level() == 3 && r.isVisible()) {
                var cells = new java.util.ArrayList<>(r.lookupAll(".tree-table-cell"));
                javafx.scene.control.TreeTableCell<?, ?> iova = (javafx.scene.control.TreeTableCell<?, ?>) cells.get(1);
                Text drawn = (Text) iova.lookup(".text");
                assertThat(drawn.getText()).as("IOVA of %s", p).isEqualTo(iova.getText());
                ranges++;
            }
        }
        assertThat(ranges).as("root rows checked").isGreaterThanOrEqualTo(2);

        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        WindowWaits.idle(view);
        WindowWaits.stepTo(robot, view, 7); // before step 9, whose caption (4 lines at this width) is "Next"
        Label caption = (Label) scene.lookup("#narration");
        assertThat(caption.getText()).startsWith("Next: Now a whole live migration");
        robot.interact(() -> view.pageTables().showIotlb(true));
        WindowWaits.settle();
        ListView<?> list = (ListView<?>) scene.lookup("#iotlb-lines");
        Region scroller = (Region) list.getParent().getParent().getParent(); // the IOTLB pane's scroll viewport
        while (!(scroller instanceof javafx.scene.control.ScrollPane)) {
            scroller = (Region) scroller.getParent();
        }
        Node viewport = scroller.lookup(".viewport");
        Bounds port = viewport.localToScene(viewport.getLayoutBounds());
        Bounds rows = list.localToScene(list.getLayoutBounds());
        double inView = Math.min(port.getMaxY(), rows.getMaxY()) - Math.max(port.getMinY(), rows.getMinY());
        assertThat(inView / list.getFixedCellSize()).as("IOTLB list rows in view (%.0f px)", inView)
            .isGreaterThanOrEqualTo(6);
    }

    /** The text a label draws: its own, or cut with an ellipsis. */
    private static String drawn(Label l) {
        StringBuilder b = new StringBuilder();
        for (Node n : l.lookupAll(".text")) {
            if (n instanceof Text t) {
                b.append(t.getText());
            }
        }
        return b.toString().replace("\n", " ").replaceAll(" +", " ").trim();
    }

    private void sized(FxRobot robot) throws Exception {
        Thread.sleep(2200); // WindowSizeKeeper of an earlier window on this stage lets go
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        WindowWaits.settle();
    }
}
