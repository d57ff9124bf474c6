package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.pagetable.EntryWrite;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableRow;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Page tables tab tied to the shared focus, on the real main window headless: the tree follows and moves the
 * selection, the walk lights level by level while paused inside a DMA write, an entry's history moves the focus,
 * "go to the entry" from an event, and the IOTLB flashes what the events since the previous moment did.
 */
@ExtendWith(ApplicationExtension.class)
class PageTableFocusTest {
    private static final int DMA_STEP = 7;
    private MainWindowView main;

    @Start
    void start(Stage stage) {
        main = MainWindow.open(stage, new InMemorySettingsStore());
        WindowWaits.showTab(main, "page-tables-tab");
    }

    private PageTableViewModel vm() {
        return main.pageTablesViewModel();
    }

    private PageTableTree tree() {
        return main.pageTables().tree();
    }

    /** Step into: one event further; waits until the tab shows the machine paused inside it. */
    private PageTableSnapshot stepInto(FxRobot robot) throws Exception {
        long before = main.scenario().focus().moment().seq();
        robot.interact(() -> main.scenario().session().stepInto());
        WindowWaits.settled(() -> {
            PageTableSnapshot s = vm().snapshotProperty().get();
            return s != null && s.inside() != null && s.seq() > before && !main.scenario().busyProperty().get();
        });
        return vm().snapshotProperty().get();
    }

    /** The rows drawn with the walk's style, as the user sees them: their "Entry" cell's text ("L3[0]"). */
    private static List<String> drawnWalkRows(FxRobot robot) {
        List<String> out = new ArrayList<>();
        for (Node n : robot.lookup(".pt-walk").queryAll()) {
            if (n instanceof TreeTableRow<?> row && row.getItem() instanceof PtRow r && r.level() >= 0) {
                out.add(cellText(row, 0));
            }
        }
        out.sort((a, b) -> b.compareTo(a));
        return out;
    }

    /** The single entries (not folded runs) the tree marks as on the walk, top level first. */
    private List<String> litEntries() {
        return WindowProbe.shown(tree().view().getRoot()).stream().map(TreeItem::getValue)
            .filter(r -> r != null && r.level() >= 0 && r.firstIndex() == r.lastIndex() && tree().onWalk(r))
            .map(r -> "L" + r.level() + "[" + r.firstIndex() + "]").toList();
    }

    private static String cellText(TreeTableRow<?> row, int column) {
        List<Node> cells = new ArrayList<>(row.lookupAll(".tree-table-cell"));
        return cells.size() > column && cells.get(column) instanceof TreeTableCell<?, ?> c ? c.getText() : "";
    }

    @Test
    void aNewMomentWithNoWalkKeepsTheRowSelectedThatTheInspectorShows(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, DMA_STEP); // the DMA's walk selects its leaf, L0[256]
        WindowWaits.settled(() -> selectedName().equals("L0[256]"));
        WindowWaits.stepTo(robot, main, DMA_STEP + 1); // reading the bitmap: no walk, no entry written in focus
        WindowWaits.settle();
        assertThat(vm().snapshotProperty().get().walk()).as("precondition: no walk at this moment").isNull();
        assertThat(selectedName()).as("the row selected in the rebuilt tree").isEqualTo("L0[256]");
        assertThat(vm().detailProperty().get()).as("and the inspector shows its entry").isNotNull();
    }

    /** The selected row's name ("L0[256]"), or "" when none is. */
    private String selectedName() {
        TreeItem<PtRow> item = tree().view().getSelectionModel().getSelectedItem();
        return item == null || item.getValue() == null ? "" : PageTableTree.index(item.getValue());
    }

    @Test
    void steppingIntoAStaleIotlbHitOpensAndSelectsTheLeafItCachesAndSaysItIsStale(FxRobot robot) throws Exception {
        // The stale-IOTLB sample's second DMA (step 4) hits the 4 entries whose D the bitmap read cleared: before,
        // the tree stayed closed there (a hit walks nothing) and the line said only that.
        WindowWaits.openSample(robot, main, "stale-iotlb-hazard.yaml");
        WindowWaits.stepTo(robot, main, 2);
        PageTableSnapshot s = stepInto(robot);
        while (!"iotlb-hit".equals(s.inside().kind())) {
            s = stepInto(robot);
        }
        assertThat(s.walk()).isNull();
        long leafIova = s.hit().hit().leafIova();
        WindowWaits.settled(() -> {
            TreeItem<PtRow> item = tree().view().getSelectionModel().getSelectedItem();
            return item != null && item.getValue() != null && item.getValue().firstIova() == leafIova;
        });
        PtRow selected = tree().view().getSelectionModel().getSelectedItem().getValue();
        assertThat(selected.kind()).isEqualTo(PtRow.Kind.LEAVES);
        assertThat(selected.count()).as("the leaf itself, not a folded run").isEqualTo(1);
        assertThat(selected.level()).isZero();
        assertThat(litEntries()).as("nothing is lit as a walk: the IOMMU did not walk").isEmpty();
        String line = robot.lookup("#walk-line").queryLabeled().getText();
        assertThat(line).contains("no walk").contains("leaf L0[" + selected.firstIndex() + "] (selected)")
            .contains("cached dirty").contains("STALE").contains("Dirty bit was cleared");
        assertThat(robot.lookup("#walk-line").queryLabeled().getStyleClass()).contains("stale-text");

        // The next event (the next write's dma-access) has no walk of its own: the leaf stays selected, itself, not
        // the run of leaves L0[0–3] that starts at the same IOVA (the rebuilt tree reselected the run).
        s = stepInto(robot);
        assertThat(s.walk()).isNull();
        WindowWaits.settle();
        PtRow still = tree().view().getSelectionModel().getSelectedItem().getValue();
        assertThat(still.firstIova()).isEqualTo(leafIova);
        assertThat(still.count()).as("the leaf, not its run").isEqualTo(1);
    }

    @Test
    void steppingIntoTheDmaWriteLightsTheWalkOneLevelPerWalkStep(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, DMA_STEP - 1);
        PageTableSnapshot s = stepInto(robot);
        while (!"walk-step".equals(s.inside().kind())) {
            assertThat(s.inside().kind()).isIn("dma-access", "iotlb-miss");
            assertThat(drawnWalkRows(robot)).as("before the first walk-step nothing is walked").isEmpty();
            s = stepInto(robot);
        }
        List<String> expected = new ArrayList<>();
        for (int level = 3; level >= 0; level--) {
            assertThat(s.inside().kind()).isEqualTo("walk-step");
            assertThat(s.walkLive()).isTrue();
            WalkLevel read = s.walk().levels().get(s.walk().levels().size() - 1);
            assertThat(read.level()).isEqualTo(level);
            String entry = "L" + level + "[" + read.index() + "]";
            expected.add(entry);
            // The tree's rows on the walk: exactly the levels read so far, each at the index the IOVA selects.
            assertThat(litEntries()).as("after the walk-step of level %d", level).containsExactlyElementsOf(expected);
            // As drawn: the entry just read is on screen in the walk's style; no row of a level not yet read is.
            assertThat(drawnWalkRows(robot)).contains(entry).allSatisfy(r -> assertThat(expected.stream()
                .anyMatch(x -> r.startsWith(x.substring(0, 3)))).as(r).isTrue());
            String line = robot.lookup("#walk-line").queryLabeled().getText();
            assertThat(line).contains("so far").contains("L" + level + "[" + read.index() + "]");
            assertThat(robot.lookup("#walk-line").queryLabeled().getTooltip().getText()).startsWith(line)
                .contains("inside step " + (DMA_STEP + 1));
            s = stepInto(robot);
        }
        assertThat(s.walk().reachedLeaf()).isTrue();
        assertThat(litEntries()).hasSize(4);
        // The shared inspector names the event, and offers to go to its entry.
        assertThat(robot.lookup("#event-go-to-entry").tryQuery()).isPresent();
    }

    @Test
    void aNewMomentsTreeIsShownWithTheRowsOpenBeforeAlreadyOpenAndLoaded(FxRobot robot) throws Exception {
        // Rebuilt and shown at once, the tree showed only its top rows at every frame of play until the machine
        // answered the re-opened rows' loads; it is now built aside and shown once they are in.
        WindowWaits.stepTo(robot, main, DMA_STEP); // the step's walk opened the path down to a leaf
        List<String> notReady = new ArrayList<>();
        int[] swaps = {0};
        robot.interact(() -> tree().view().rootProperty().addListener((o, was, now) -> {
            if (was == null || now == null) {
                return;
            }
            swaps[0]++;
            java.util.Map<String, TreeItem<PtRow>> shown = new java.util.HashMap<>();
            index(now, shown);
            List<String> openBefore = new ArrayList<>();
            openKeys(was, openBefore);
            for (String k : openBefore) {
                TreeItem<PtRow> item = shown.get(k);
                if (item != null && !(item.isExpanded() && ((FoldedTreeItem) item).loaded())) {
                    notReady.add(k);
                }
            }
        }));
        assertThat(robot.lookup("#pt-tree").queryAs(javafx.scene.control.TreeTableView.class).getExpandedItemCount())
            .as("rows open before the new moments").isGreaterThan(4);
        for (int i = 0; i < 4; i++) {
            stepInto(robot);
        }
        WindowWaits.settled(() -> swaps[0] >= 1);
        assertThat(notReady).as("rows open before, shown closed or unloaded in the new tree").isEmpty();
    }

    private static String key(PtRow r) {
        return r.kind() + ":" + r.level() + ":" + r.firstIova();
    }

    /** The loaded rows of a tree by key, without asking the machine for more. */
    private static void index(TreeItem<PtRow> item, java.util.Map<String, TreeItem<PtRow>> out) {
        if (item.getValue() != null) {
            out.put(key(item.getValue()), item);
        }
        if (item instanceof FoldedTreeItem f && f.loaded()) {
            for (TreeItem<PtRow> c : f.getChildren()) {
                index(c, out);
            }
        }
    }

    private static void openKeys(TreeItem<PtRow> item, List<String> out) {
        if (item.isExpanded() && item.getValue() != null && item.getValue().level() >= 0) {
            out.add(key(item.getValue()));
        }
        if (item.isExpanded() && item instanceof FoldedTreeItem f && f.loaded()) {
            for (TreeItem<PtRow> c : f.getChildren()) {
                openKeys(c, out);
            }
        }
    }

    @Test
    void theTreeFollowsAndMovesTheSharedSelectionAndMarksWhatChanged(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, DMA_STEP); // the NIC wrote 0x100000, 0x104000, 0x108000, 0x10c000
        // The changed leaves read "+D" (hardware set Dirty) in the tree's Changed column.
        robot.interact(() -> main.scenario().focus().select(new Selection.Iova(-1, 0x104000)));
        WindowWaits.settled(() -> selected() != null && selected().firstIova() == 0x104000);
        TreeTableRow<?> row = robot.lookup(".pt-changed").queryAll().stream()
            .filter(n -> n instanceof TreeTableRow<?> r && r.getItem() instanceof PtRow p && p.firstIova() == 0x104000
                && p.level() == 0).map(n -> (TreeTableRow<?>) n).findFirst().orElseThrow();
        assertThat(cellText(row, 3)).contains("+D"); // Entry, What, State, Changed
        // The entry inspector sits in the right-hand pane while this tab shows.
        Node section = robot.lookup("#entry-section").query();
        assertThat(section.isVisible()).isTrue();
        assertThat(section.lookup("#bit-diagram")).isNotNull();
        assertThat(robot.lookup("#inspector").query().lookup("#entry-section")).isSameAs(section);

        // A row the user moves to with the keyboard is the shared selection (a few rows down).
        TreeItem<PtRow> other = WindowProbe.shown(tree().view().getRoot()).stream()
            .filter(i -> i.getValue() != null && i.getValue().level() == 0 && i.getValue().firstIova() == 0x108000)
            .findFirst().orElseThrow();
        robot.interact(() -> tree().view().requestFocus());
        for (int i = 0; i < 8 && selected().firstIova() != 0x108000; i++) {
            robot.type(KeyCode.DOWN);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(selected().firstIova()).as("the keys moved the selection").isEqualTo(0x108000);
        WindowWaits.settled(() -> main.scenario().focus().selection() instanceof Selection.Entry);
        Selection.Entry e = (Selection.Entry) main.scenario().focus().selection();
        assertThat(e.tableAddress()).isEqualTo(other.getValue().tablePa());
        assertThat(e.index()).isEqualTo(other.getValue().firstIndex());
        // Back: an earlier selection is selected again; forward returns. Which earlier one depends on how many of the
        // key presses' selections reached the shared history before the next press (each is shared after a read on
        // the machine thread, so on a loaded host some are replaced before they land); it is never the row itself.
        robot.interact(() -> main.scenario().focus().back());
        WindowWaits.settled(() -> selected() != null && selected().firstIova() != 0x108000);
        robot.interact(() -> main.scenario().focus().forward());
        WindowWaits.settled(() -> selected() != null && selected().firstIova() == 0x108000);

        // Another tab: the entry section leaves the right-hand pane.
        robot.interact(() -> main.layout().tabs().getSelectionModel().select(0));
        assertThat(section.isVisible()).isFalse();
    }

    private PtRow selected() {
        var item = tree().view().getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    @Test
    void anEntrysHistoryListsItsWritesAndAClickMovesTheFocusThere(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, 13); // the dma at 0x280000 after the split of step 12
        robot.interact(() -> main.scenario().focus().select(new Selection.Iova(-1, 0x280000)));
        WindowWaits.settled(() -> vm().detailProperty().get() != null
            && vm().detailProperty().get().row().firstIova() == 0x280000
            && vm().detailProperty().get().row().level() == 0);
        List<EntryWrite> h = vm().detailProperty().get().history();
        assertThat(h).extracting(EntryWrite::kind).contains("entry-updated", "leaf-split");
        assertThat(h.get(0).step()).isEqualTo(13);
        List<Hyperlink> links = robot.lookup("#entry-history").queryAs(javafx.scene.layout.VBox.class)
            .getChildren().stream().filter(n -> n instanceof Hyperlink).map(n -> (Hyperlink) n).toList();
        assertThat(links).hasSize(h.size());
        assertThat(links.get(0).getText()).contains("event " + h.get(0).seq());
        EntryWrite split = h.stream().filter(w -> w.kind().equals("leaf-split")).findFirst().orElseThrow();
        Hyperlink splitLink = links.get(h.indexOf(split));
        robot.interact(splitLink::fire);
        WindowWaits.settled(() -> main.scenario().focus().moment().equals(new Moment(split.step(), split.seq()))
            && vm().snapshotProperty().get().seq() == split.seq());
        assertThat(vm().snapshotProperty().get().inside().kind()).isEqualTo("leaf-split");
        assertThat(robot.lookup("#walk-line").queryLabeled().getTooltip().getText()).contains("inside step 13");
    }

    @Test
    void pausedInsideTheSplitsEntryUpdatesTheTreeOpensAndSelectsTheEntryWritten(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, 13); // past the split of step 12 (0-based): its events are in the timeline
        List<Long> updates = main.scenario().session().query(pm -> {
            var index = pm.timeline();
            List<Long> out = new ArrayList<>();
            for (long q = 0; q < index.size(); q++) {
                if (index.stepOf(q) == 12 && index.kind(q).id().equals("entry-updated")) {
                    out.add(q);
                }
            }
            return out;
        }).get(30, TimeUnit.SECONDS);
        assertThat(updates).hasSizeGreaterThan(1);
        // The first writes the new table (not linked in yet), the last links it in place of the 2 MiB leaf.
        for (long seq : List.of(updates.get(0), updates.get(updates.size() - 1))) {
            robot.interact(() -> main.scenario().focus().moveTo(new Moment(12, seq)));
            WindowWaits.settled(() -> vm().snapshotProperty().get().seq() == seq
                && vm().snapshotProperty().get().written() != null);
            WalkLevel end = vm().snapshotProperty().get().written().end();
            WindowWaits.settled(() -> selected() != null && selected().level() == end.level()
                && selected().tablePa() == end.tablePa() && selected().firstIndex() == end.index());
            assertThat(robot.lookup("#walk-line").queryLabeled().getText()).startsWith("At the entry-updated");
        }
        assertThat(selected().kind()).as("the entry that links the new table in").isEqualTo(PtRow.Kind.TABLE);
        assertThat(selected().firstIova()).isEqualTo(0x200000);
    }

    @Test
    void newHwptsInTheChooserDoNotPinTheTabToTheFirst(FxRobot robot) throws Exception {
        robot.interact(() -> main.openSample("mixed-host-no-dirty-iommu.yaml"));
        WindowWaits.idle(main);
        WindowWaits.stepTo(robot, main, 4); // hwpt-alloc: HWPT 4, the only one
        assertThat(vm().snapshotProperty().get().hwpts()).hasSize(1);
        WindowWaits.stepTo(robot, main, 7); // hotplug: the VMM's HWPTs for nic0 and for nic1 and the SSD
        PageTableSnapshot s = vm().snapshotProperty().get();
        assertThat(s.hwpts()).hasSizeGreaterThan(1);
        // Nothing was chosen: the tab follows the focus (the newest HWPT at a step boundary), as it did before the
        // list grew; the chooser's own update of its items had chosen the first one for the user.
        assertThat(s.hwpt().id()).isEqualTo(s.hwpts().get(s.hwpts().size() - 1).id());
    }

    @Test
    void goToTheEntryFromAnEventSelectsTheTabAndTheEntry(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, DMA_STEP);
        robot.interact(() -> main.layout().tabs().getSelectionModel().select(0));
        // The leaf-mapped event of the 2 MiB mapping (ioas-map of step 4), found in the timeline.
        long seq = main.scenario().session().query(pm -> {
            var index = pm.timeline();
            for (long q = 0; q < index.size(); q++) {
                if (index.kind(q).id().equals("leaf-mapped") && index.iova(q) == 0x200000) {
                    return q;
                }
            }
            return -1L;
        }).get(30, TimeUnit.SECONDS);
        assertThat(seq).isNotNegative();
        robot.interact(() -> main.pageTables().goToEvent(seq));
        WindowWaits.settled(() -> selected() != null && selected().firstIova() == 0x200000);
        assertThat(main.layout().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("page-tables-tab");
        assertThat(selected().leafSize()).isEqualTo(2L << 20);
        // An event that names no IOVA says so and changes nothing.
        robot.interact(() -> main.pageTables().goToEvent(0));
        WindowWaits.settled(() -> robot.lookup("#pt-message").queryLabeled().getText()
            .contains("names no HWPT and IOVA"));
        assertThat(selected().firstIova()).isEqualTo(0x200000);
    }

    @Test
    void theEventLogsContextMenuGoesToTheEntryItsLineIsAbout(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, DMA_STEP - 1);
        stepInto(robot); // dma-access of 0x100000
        PageTableSnapshot s = stepInto(robot); // its IOTLB miss
        assertThat(s.inside().kind()).isEqualTo("iotlb-miss");
        robot.interact(() -> main.layout().tabs().getSelectionModel().select(0));
        robot.interact(() -> main.scenario().focus().select(new Selection.Iova(-1, 0x108000)));
        WindowWaits.settled(() -> selected() != null && selected().firstIova() == 0x108000);
        long seq = s.seq();
        WindowWaits.settled(() -> main.eventLog().yOf(seq) >= 0);
        javafx.geometry.Point2D at = main.eventLog().canvas().localToScreen(40, main.eventLog().yOf(seq));
        robot.rightClickOn(at);
        WindowWaits.settled(() -> main.eventLog().contextMenu().isShowing());
        assertThat(main.eventLog().contextMenu().getItems()).singleElement()
            .satisfies(i -> assertThat(i.getText()).isEqualTo("Go to the entry (event " + seq + ")"));
        robot.interact(() -> main.eventLog().contextMenu().getItems().get(0).fire());
        WindowWaits.settled(() -> selected() != null && selected().firstIova() == 0x100000);
        assertThat(main.layout().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("page-tables-tab");
        robot.interact(() -> main.eventLog().contextMenu().hide());
    }

    @Test
    void theIotlbFlashesTheFillsOfTheDmaStepAndCountsThem(FxRobot robot) throws Exception {
        robot.interact(() -> main.pageTables().showIotlb(true));
        WindowWaits.stepTo(robot, main, DMA_STEP - 1);
        WindowWaits.stepTo(robot, main, DMA_STEP);
        PageTableSnapshot s = vm().snapshotProperty().get();
        IotlbSnapshot t = s.iotlbs().get(0);
        assertThat(s.activity().of(t.unitId()).fills()).isPositive();
        assertThat(robot.lookup("#iotlb-activity").queryAs(Label.class).getText()).contains("fills");
        Canvas grid = WindowProbe.iotlbGrid(main.pageTables().iotlb(), t.unitId());
        Image shot = WindowProbe.snapshot(robot, grid);
        int flashed = 0;
        for (IotlbLine l : t.lines()) {
            double[] c = main.pageTables().iotlb().cellCentre(t, l.slot());
            double cell = main.pageTables().iotlb().cellSize(t);
            Color edge = shot.getPixelReader().getColor((int) (c[0] - cell / 2 + 1.5), (int) c[1]);
            if (WindowProbe.close(edge, IotlbView.FLASH_FILL, 0.06)) {
                flashed++;
            }
        }
        assertThat(flashed).as("filled cells outlined").isEqualTo((int) Math.min(t.lines().size(),
            s.activity().of(t.unitId()).fills()));
        // The next step reads the bitmap: no IOTLB traffic, no flash left.
        WindowWaits.stepTo(robot, main, DMA_STEP + 1);
        IotlbSnapshot t2 = vm().snapshotProperty().get().iotlbs().get(0);
        Image shot2 = WindowProbe.snapshot(robot, WindowProbe.iotlbGrid(main.pageTables().iotlb(), t2.unitId()));
        for (IotlbLine l : t2.lines()) {
            double[] c = main.pageTables().iotlb().cellCentre(t2, l.slot());
            double cell = main.pageTables().iotlb().cellSize(t2);
            Color edge = shot2.getPixelReader().getColor((int) (c[0] - cell / 2 + 1.5), (int) c[1]);
            assertThat(WindowProbe.close(edge, IotlbView.FLASH_FILL, 0.06)).isFalse();
        }
    }
}
