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
                javafx.scene.control.TreeTableCell<?, ?> iova = cellOf(r, "IOVA");
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
            .isGreaterThanOrEqualTo(IotlbView.LIST_ROWS);
        // Each entry drawn whole, its two lines (they were one line, cut: "set 18 way 0 HWPT 3 0x200…"), and why the
        // stale ones are stale, wrapped under the list.
        int entries = 0;
        for (Node n : list.lookupAll(".list-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> c && c.getItem() != null && c.isVisible()) {
                assertThat(drawn(c)).as("IOTLB entry as drawn").isEqualTo(c.getText().replace("\n", " ")
                    .replaceAll(" +", " ").trim());
                entries++;
            }
        }
        assertThat(entries).as("IOTLB entries drawn").isGreaterThanOrEqualTo(2);
        Label why = (Label) scene.lookup("#iotlb-stale-why");
        assertThat(why.isVisible()).isTrue();
        assertThat(why.getText()).contains("the Dirty bit was cleared");
        assertThat(drawn(why)).isEqualTo(why.getText().replace("\n", " ").replaceAll(" +", " ").trim());
    }

    @Test
    void theWalkedLeafShowsItsWhatAndAdStateInViewWithoutScrolling(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        // First laid out smaller, as a window manager may show it before it is maximised: the map's least width then
        // pushed the tree's divider left, and it stayed there at 1280 wide.
        robot.interact(() -> {
            stage.setWidth(640);
            stage.setHeight(480);
        });
        WindowWaits.settle();
        sized(robot);
        WindowWaits.stepTo(robot, view, 7); // the tour's first DMA: the NIC set D in the 4 KiB leaf L0[256]
        var tree = view.pageTables().tree().view();
        WindowWaits.settled(() -> tree.getSelectionModel().getSelectedItem() != null
            && tree.getSelectionModel().getSelectedItem().getValue().level() == 0);
        WindowWaits.settle();
        Bounds shown = tree.localToScene(tree.getLayoutBounds());
        javafx.scene.control.TreeTableRow<?> leaf = null;
        for (Node n : tree.lookupAll(".tree-table-row-cell")) {
            if (n instanceof javafx.scene.control.TreeTableRow<?> r && r.isVisible() && r.isSelected()) {
                leaf = r;
            }
        }
        assertThat(leaf).as("the walk's leaf row, shown").isNotNull();
        for (String column : new String[] {"Entry", "What", "State"}) {
            javafx.scene.control.TreeTableCell<?, ?> cell = cellOf(leaf, column);
            Bounds b = cell.localToScene(cell.getLayoutBounds());
            assertThat(b.getMaxX()).as("%s column's right edge, the tree ending at %.0f", column, shown.getMaxX())
                .isLessThanOrEqualTo(shown.getMaxX());
            Text drawn = (Text) cell.lookup(".text");
            assertThat(drawn.getText()).as("%s as drawn", column).isEqualTo(cell.getText());
        }
        assertThat(cellOf(leaf, "State").getText()).isEqualTo("RW A dirty");
    }

    @Test
    void theChangedColumnSaysWhatTheSplitChangedWholeAndInView(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        sized(robot);
        WindowWaits.stepTo(robot, view, 12); // the tour's split of the 2 MiB leaf at 0x200000
        var vm = view.pageTablesViewModel();
        robot.interact(() -> vm.goToIova(-1, 0x280000)); // open the new table down to a leaf
        var tree = view.pageTables().tree().view();
        WindowWaits.settled(() -> tree.getSelectionModel().getSelectedItem() != null
            && tree.getSelectionModel().getSelectedItem().getValue().level() == 0);
        WindowWaits.settle();
        Bounds shown = tree.localToScene(tree.getLayoutBounds());
        java.util.List<String> texts = new java.util.ArrayList<>();
        // The new leaves around the one selected, then the split's table entry above them (scrolled to: how many rows
        // fit above it depends on the caption's share of the window).
        int split = 0;
        while (split < tree.getExpandedItemCount()
            && !"split → table".equals(vm.changeText(tree.getTreeItem(split).getValue()))) {
            split++;
        }
        for (int top : new int[] {tree.getRow(tree.getSelectionModel().getSelectedItem()) - 3, split - 1}) {
            robot.interact(() -> tree.scrollTo(Math.max(0, top)));
            WindowWaits.settle();
            for (Node n : tree.lookupAll(".tree-table-row-cell")) {
                if (n instanceof javafx.scene.control.TreeTableRow<?> r && r.isVisible()
                    && r.getItem() instanceof PtRow p && p.level() >= 0) {
                    javafx.scene.control.TreeTableCell<?, ?> what = cellOf(r, "What");
                    assertThat(drawn(what)).as("What of %s as drawn", p).isEqualTo(what.getText());
                    javafx.scene.control.TreeTableCell<?, ?> state = cellOf(r, "State");
                    // "RW A clean" in bold (the selected row) was drawn "RW A cl…" in a column fitted to "dirty".
                    assertThat(drawn(state)).as("State of %s as drawn", p).isEqualTo(state.getText());
                    javafx.scene.control.TreeTableCell<?, ?> cell = cellOf(r, "Changed");
                    if (cell.getText() == null || cell.getText().isEmpty()) {
                        continue;
                    }
                    texts.add(cell.getText());
                    // Drawn whole ("empty → …" before) and inside the tree, with no scrolling to the right.
                    assertThat(drawn(cell)).as("Changed of %s as drawn", p).isEqualTo(cell.getText());
                    assertThat(cell.localToScene(cell.getLayoutBounds()).getMaxX()).as("Changed column's right edge")
                        .isLessThanOrEqualTo(shown.getMaxX());
                    assertThat(r.getTooltip().getText()).as("the row's tooltip has it whole").contains(
                        "changed since the previous moment: " + vm.changeWhole(p));
                }
            }
        }
        assertThat(texts).contains("split → table", "new 4 KiB");
    }

    @Test
    void theChooserShowsAHwptBeingAllocatedWhole(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        sized(robot);
        robot.interact(() -> view.openSample("riscv-no-upstream-dirty.yaml"));
        WindowWaits.idle(view);
        WindowWaits.stepTo(robot, view, 2); // step 4 allocates the RISC-V HWPT and maps the IOAS into it
        var vm = view.pageTablesViewModel();
        for (int i = 0; i < 400; i++) {
            var s = vm.snapshotProperty().get();
            if (s != null && s.hwpt() != null && s.hwpt().beingAllocated()) {
                break;
            }
            long before = view.scenario().focus().moment().seq();
            robot.interact(() -> view.scenario().session().stepInto());
            WindowWaits.settled(() -> {
                var now = vm.snapshotProperty().get();
                return now != null && now.seq() > before && !view.scenario().busyProperty().get();
            });
        }
        assertThat(vm.snapshotProperty().get().hwpt().beingAllocated()).as("paused while the HWPT is allocated")
            .isTrue();
        WindowWaits.settle();
        ComboBox<?> chooser = (ComboBox<?>) view.root().getScene().lookup("#hwpt-choice");
        javafx.scene.control.ListCell<?> shown = null; // the closed chooser's button cell (the list is a popup)
        for (Node n : chooser.lookupAll(".list-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> c && c.getText() != null) {
                shown = c;
            }
        }
        assertThat(shown).as("the chooser's shown cell among %s", chooser.lookupAll(".list-cell")).isNotNull();
        assertThat(shown.getText()).as("the chooser's text").contains("HWPT " + vm.snapshotProperty().get().hwpt()
            .id()).containsIgnoringCase("alloc");
        Text drawn = (Text) shown.lookup(".text");
        assertThat(drawn.getText()).as("the chooser as drawn").isEqualTo(shown.getText());
        assertThat(chooser.getTooltip().getText()).contains("being allocated");
    }

    /** The cell of {@code row} in the column headed {@code title}. */
    private static javafx.scene.control.TreeTableCell<?, ?> cellOf(javafx.scene.control.TreeTableRow<?> row,
                                                                  String title) {
        for (Node n : row.lookupAll(".tree-table-cell")) {
            if (n instanceof javafx.scene.control.TreeTableCell<?, ?> c && c.getTableColumn() != null
                && title.equals(c.getTableColumn().getText())) {
                return c;
            }
        }
        throw new AssertionError("no " + title + " cell in " + row);
    }

    /** The text a label or cell draws: its own, or cut with an ellipsis. */
    private static String drawn(javafx.scene.control.Labeled l) {
        StringBuilder b = new StringBuilder();
        for (Node n : l.lookupAll(".text")) {
            if (n instanceof Text t) {
                b.append(t.getText());
            }
        }
        return b.toString().replace("\n", " ").replaceAll(" +", " ").trim();
    }

    private void sized(FxRobot robot) throws Exception {
        WindowWaits.placeStageAfterKeeper(robot, stage, 1280, 800);
    }
}
