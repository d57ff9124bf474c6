package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.viewmodel.compare.PinnedMoment;
import io.ioptexplorer.viewmodel.pagetable.EntryDetail;
import io.ioptexplorer.viewmodel.pagetable.MapViewport;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
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

/** The Page tables tab of the real main window, headless: the tree, the inspector, the IOTLB and the IOVA map. */
@ExtendWith(ApplicationExtension.class)
class PageTableWindowTest {
    private MainWindowView main;

    @Start
    void start(Stage stage) {
        main = MainWindow.open(stage, new InMemorySettingsStore());
        WindowWaits.showTab(main, "page-tables-tab");
    }

    private PageTableViewModel vm() {
        return main.pageTablesViewModel();
    }

    private PageTableExplorerView view() {
        return main.pageTables();
    }

    @Test
    void theTourDmaStepHighlightsTheWalksFourLevelsDownToTheLeafItSelects(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, 7); // the first dma: 4 writes, the last at 0x10c000
        PageTableTree tree = view().tree();
        List<Integer> walked = WindowProbe.shown(tree.view().getRoot()).stream().map(TreeItem::getValue)
            .filter(r -> r.level() >= 0 && tree.onWalk(r)).map(PtRow::level).toList();
        assertThat(walked).containsExactly(3, 2, 1, 0);
        PtRow selected = tree.view().getSelectionModel().getSelectedItem().getValue();
        assertThat(selected.level()).isZero();
        assertThat(selected.count()).isEqualTo(1);
        assertThat(selected.firstIova()).isEqualTo(vm().snapshotProperty().get().walk().leafIova());
        assertThat(robot.lookup(".pt-walk").queryAll()).as("walk rows are drawn marked").isNotEmpty();
        assertThat(robot.lookup("#walk-line").queryLabeled().getText()).contains("L3[0] → L2[0] → L1[0] → L0[");
    }

    @Test
    void theTourSplitTurnsTheHugeLeafIntoATableWhoseFiveHundredTwelveLeavesAreOneFoldedRow(FxRobot robot)
        throws Exception {
        WindowWaits.stepTo(robot, main, 12);
        TextField find = robot.lookup("#find-iova").queryAs(TextField.class);
        robot.clickOn(find).write("0x280000").type(KeyCode.ENTER);
        WindowWaits.settled(() -> {
            var sel = view().tree().view().getSelectionModel().getSelectedItem();
            return sel != null && sel.getValue().firstIova() == 0x280000;
        });
        TreeItem<PtRow> leaf = view().tree().view().getSelectionModel().getSelectedItem();
        // The found entry is drawn in the tree's viewport: the rows the rebuilt tree re-opened above it (the first
        // DMA's walk, L1[0]'s table) load after the find and pushed it out of view.
        WindowWaits.settle();
        javafx.scene.layout.Region viewport = (javafx.scene.layout.Region) view().tree().view()
            .lookup(".clipped-container");
        javafx.geometry.Bounds shown = viewport.localToScene(viewport.getLayoutBounds());
        assertThat(robot.lookup(".tree-table-row-cell").queryAll().stream()
            .filter(n -> n instanceof javafx.scene.control.TreeTableRow<?> r && r.getTreeItem() == leaf
                && r.isVisible())
            .map(n -> n.localToScene(n.getLayoutBounds()))
            .anyMatch(b -> b.getMinY() >= shown.getMinY() - 0.5 && b.getMaxY() <= shown.getMaxY() + 0.5))
            .as("the found entry's row inside the tree's viewport").isTrue();
        assertThat(leaf.getValue().leafSize()).isEqualTo(4096);
        assertThat(leaf.getValue().firstIndex()).isEqualTo(128);
        TreeItem<PtRow> run = leaf.getParent();
        assertThat(run.getValue().count()).isEqualTo(512);
        assertThat(run.getValue().kind()).isEqualTo(PtRow.Kind.LEAVES);
        TreeItem<PtRow> table = run.getParent();
        assertThat(table.getValue().kind()).isEqualTo(PtRow.Kind.TABLE);
        assertThat(table.getValue().firstIova()).isEqualTo(0x200000);
        assertThat(table.getChildren()).as("512 leaves, one folded row").hasSize(1);
        assertThat(vm().changed(table.getValue())).as("the split is marked as a change").isTrue();
        // The split carried the 2 MiB leaf's Accessed bit to all 512 (its Dirty bit was read and cleared at step 11).
        assertThat(run.getValue().accessed()).isTrue();
        WindowWaits.settled(() -> vm().detailProperty().get() != null
            && vm().detailProperty().get().row().firstIova() == 0x280000);
        assertThat(view().inspector().diagram().fields()).extracting(EntryField::name).contains("R", "W", "A", "D");
    }

    @Test
    void aBadFindSaysWhyAndKeepsTheSelection(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, 7);
        var before = view().tree().view().getSelectionModel().getSelectedItem();
        robot.clickOn("#find-iova").write("0xzz").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#pt-message").queryLabeled().getText()).contains("Find:").contains("0xzz");
        assertThat(view().tree().view().getSelectionModel().getSelectedItem()).isSameAs(before);
    }

    /** A small machine of one family: 64 KiB mapped at IOVA 0 on a HWPT of that IOMMU. */
    private static String oneFamily(String iommu) {
        return "name: one family\niommus:\n  - " + iommu + "\nvm: {memory: 64MiB}\ndevices:\n"
            + "  - {id: nic0, kind: nic, iommu: u0}\nsteps:\n  - ioas-alloc: {id: ioas0}\n"
            + "  - ioas-map: {ioas: ioas0, iova: 0x0, length: 64KiB}\n"
            + "  - hwpt-alloc: {id: h, device: nic0, ioas: ioas0}\n  - attach: {device: nic0, hwpt: h}\n"
            + "  - dma: {device: nic0, iova: 0x1000, length: 8}\n";
    }

    @Test
    void theInspectorDrawsTheFieldsEachFormatFamilyDecodes(FxRobot robot) throws Exception {
        String[][] cases = {{"{id: u0, model: amd-v1, levels: 4, features: [dirty-tracking]}", "amdv1-4level"},
            {"{id: u0, model: vtd-ss, features: [dirty-tracking]}", "vtdss-4level"},
            {"{id: u0, model: smmuv3, stage: 1, granule: 4KiB, features: [dirty-tracking]}", "smmuv3-s1-4k"},
            {"{id: u0, model: riscv, mode: sv48, features: [dirty-tracking]}", "sv48"}};
        for (String[] c : cases) {
            boolean[] loaded = new boolean[1];
            robot.interact(() -> loaded[0] = main.scenario().loadText(c[1] + ".yaml", oneFamily(c[0])));
            assertThat(loaded[0]).as(main.scenario().problemProperty().get()).isTrue();
            WindowWaits.stepTo(robot, main, 4); // the dma step: its walk is revealed and its leaf selected
            WindowWaits.settled(() -> vm().detailProperty().get() != null
                && vm().detailProperty().get().format().equals(c[1])
                && vm().detailProperty().get().row().firstIova() == 0x1000);
            WindowWaits.settle();
            EntryDetail d = vm().detailProperty().get();
            BitDiagram diagram = view().inspector().diagram();
            var fmt = PageTableFormats.byName(c[1]);
            assertThat(d.row().kind()).isEqualTo(PtRow.Kind.LEAVES);
            assertThat(diagram.fields()).as(c[1]).isEqualTo(fmt.decode(d.row().raw(), d.row().level()));
            Image shot = WindowProbe.snapshot(robot, diagram);
            for (int i = 0; i < diagram.fields().size(); i++) {
                EntryField f = diagram.fields().get(i);
                for (int bit : new int[] {f.loBit(), f.hiBit()}) {
                    double[] p = diagram.probeOf(bit);
                    Color pixel = shot.getPixelReader().getColor((int) p[0], (int) p[1]);
                    assertThat(WindowProbe.close(pixel, diagram.colourOf(i), 0.04))
                        .as("%s %s box colour at bit %d: %s", c[1],
                        f.name(), bit, pixel).isTrue();
                }
            }
        }
    }

    @Test
    void theIotlbViewMarksStaleEntriesUntilTheInvalidation(FxRobot robot) throws Exception {
        WindowWaits.openSample(robot, main, "stale-iotlb-hazard.yaml");
        robot.interact(() -> view().showIotlb(true));
        WindowWaits.stepTo(robot, main, 2); // dma, then get-dirty-bitmap with the flush skipped
        IotlbSnapshot t = vm().snapshotProperty().get().iotlbs().get(0);
        List<IotlbLine> stale = t.lines().stream().filter(IotlbLine::stale).toList();
        assertThat(stale).hasSize(4);
        Canvas grid = WindowProbe.iotlbGrid(view().iotlb(), "vtd0");
        Image shot = WindowProbe.snapshot(robot, grid);
        for (IotlbLine l : stale) {
            double[] p = view().iotlb().cellCentre(t, l.slot());
            assertThat(WindowProbe.close(shot.getPixelReader().getColor((int) p[0], (int) p[1]), IotlbView.STALE,
                0.04)).isTrue();
        }
        assertThat(robot.lookup("#iotlb-lines").queryListView().getItems().get(0)).matches(x ->
            ((IotlbLine) x).stale());

        WindowWaits.stepTo(robot, main, 5); // iotlb-invalidate
        IotlbSnapshot after = vm().snapshotProperty().get().iotlbs().get(0);
        assertThat(after.staleCount()).isZero();
        Image shot2 = WindowProbe.snapshot(robot, WindowProbe.iotlbGrid(view().iotlb(), "vtd0"));
        for (IotlbLine l : stale) {
            double[] p = view().iotlb().cellCentre(after, l.slot());
            Color c = shot2.getPixelReader().getColor((int) p[0], (int) p[1]);
            assertThat(WindowProbe.close(c, IotlbView.STALE, 0.04)).as("slot %d no longer stale", l.slot()).isFalse();
        }
    }

    @Test
    void theIovaMapPixelsTurnDirtyWhereTheNicWrote(FxRobot robot) throws Exception {
        WindowWaits.stepTo(robot, main, 6); // set-dirty-tracking: mapped, nothing written yet
        MapViewport v = vm().snapshotProperty().get().viewport();
        long[] written = {0x100000, 0x104000, 0x108000, 0x10c000};
        for (long iova : written) {
            assertThat(isDirtyPixel(robot, v, iova)).isFalse();
        }
        WindowWaits.stepTo(robot, main, 7); // the NIC writes 4 pages
        v = vm().snapshotProperty().get().viewport();
        for (long iova : written) {
            assertThat(isDirtyPixel(robot, v, iova)).as("0x%x", iova).isTrue();
        }
        assertThat(isDirtyPixel(robot, v, 0x101000)).as("an unwritten page stays clean").isFalse();
        assertThat(vm().snapshotProperty().get().map().state(0x100000 >>> v.bucketShift()))
            .isEqualTo(io.ioptexplorer.hardware.inspect.IovaMap.DIRTY);
    }

    @Test
    void comparedWithAPinnedMomentTheMapOutlinesTheCellsWhosePagesDiffer(FxRobot robot) throws Exception {
        PinnedMoment pin = new PinnedMoment(main.scenario());
        WindowWaits.stepTo(robot, main, 6); // set-dirty-tracking: mapped, nothing written yet
        robot.interact(pin::pin);
        WindowWaits.stepTo(robot, main, 7); // the NIC writes 0x100000, 0x104000, 0x108000, 0x10c000
        long[] written = {0x100000, 0x104000, 0x108000, 0x10c000};
        for (long iova : written) {
            assertThat(isPixel(robot, iova, MapPalette.DIFFERS_FROM_PIN)).as("not compared yet").isFalse();
        }
        compare(robot, pin);
        for (long iova : written) {
            assertThat(isPixel(robot, iova, MapPalette.DIFFERS_FROM_PIN)).as("0x%x written since the pin", iova)
                .isTrue();
        }
        assertThat(isPixel(robot, 0x101000, MapPalette.DIFFERS_FROM_PIN)).as("a page not written").isFalse();
        assertThat(isPixel(robot, 0x280000, MapPalette.DIFFERS_FROM_PIN)).as("the 2 MiB leaf, untouched").isFalse();
        assertThat(robot.lookup("#iova-map-pin-key").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#iova-map-pin-key").queryLabeled().getText()).contains("pinned after step 7");

        // Pinned before the split: the 2 MiB leaf became 512 leaves of 4 KiB, every one of its cells differs, and
        // the pages written before the pin do not.
        WindowWaits.stepTo(robot, main, 11);
        robot.interact(pin::pin);
        WindowWaits.stepTo(robot, main, 12);
        compare(robot, pin);
        for (long iova : new long[] {0x200000, 0x280000, 0x3ff000}) {
            assertThat(isPixel(robot, iova, MapPalette.DIFFERS_FROM_PIN)).as("0x%x split since the pin", iova)
                .isTrue();
        }
        assertThat(isPixel(robot, 0x104000, MapPalette.DIFFERS_FROM_PIN)).isFalse();

        robot.interact(() -> vm().compareWith(null));
        WindowWaits.settled(() -> vm().snapshotProperty().get().sincePin() == null);
        assertThat(isPixel(robot, 0x280000, MapPalette.DIFFERS_FROM_PIN)).as("no longer compared").isFalse();
        assertThat(robot.lookup("#iova-map-pin-key").queryLabeled().isVisible()).isFalse();
    }

    /** Compare → the pinned moment with now, as the menu does it: the pinned machine replayed, then highlighted. */
    private void compare(FxRobot robot, PinnedMoment pin) throws Exception {
        PinnedMoment.Comparison c = pin.compare().get(120, java.util.concurrent.TimeUnit.SECONDS);
        robot.interact(() -> vm().compareWith(c.baseline()));
        WindowWaits.settled(() -> vm().snapshotProperty().get().sincePin() != null
            && vm().baselineProperty().get() == c.baseline());
    }

    /** Whether the top-left pixel of the map cell of {@code iova} (an outline's pixel) has colour {@code argb}. */
    private boolean isPixel(FxRobot robot, long iova, int argb) {
        MapViewport v = vm().snapshotProperty().get().viewport();
        Image shot = WindowProbe.snapshot(robot, view().map().imageView());
        long bucket = (iova - v.firstIova()) >>> v.bucketShift();
        int x = view().map().firstPixelOf((int) (bucket % v.columns()));
        int y = view().map().firstPixelOf((int) (bucket / v.columns()));
        return WindowProbe.close(shot.getPixelReader().getColor(x, y), WindowProbe.colour(argb), 0.04);
    }

    private boolean isDirtyPixel(FxRobot robot, MapViewport v, long iova) {
        assertThat(vm().snapshotProperty().get().viewport()).isEqualTo(v);
        return isPixel(robot, iova, MapPalette.DIRTY);
    }
}
