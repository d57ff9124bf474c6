package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.viewmodel.pagetable.EntryDetail;
import io.ioptexplorer.viewmodel.pagetable.MapViewport;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        var tabs = main.layout().tabs();
        tabs.getTabs().stream().filter(t -> "page-tables-tab".equals(t.getId())).findFirst()
            .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private PageTableViewModel vm() {
        return main.pageTablesViewModel();
    }

    private PageTableExplorerView view() {
        return main.pageTables();
    }

    /** Runs steps until {@code lastIndex} has run, and waits until the window shows that moment. */
    private void stepTo(FxRobot robot, int lastIndex) throws Exception {
        while (true) {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !main.scenario().busyProperty().get());
            if (main.scenario().nextStepProperty().get() > lastIndex) {
                break;
            }
            robot.interact(() -> main.scenario().stepForward());
        }
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            PageTableSnapshot s = vm().snapshotProperty().get();
            return s != null && s.step() == lastIndex;
        });
        settle();
    }

    /** Lets the simulation-thread queries and the UI updates they publish finish. */
    private static void settle() throws Exception {
        for (int i = 0; i < 5; i++) {
            Thread.sleep(100);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    private void open(FxRobot robot, String sample) throws Exception {
        robot.interact(() -> main.openSample(sample));
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                PageTableSnapshot s = vm().snapshotProperty().get();
                return s != null && s.step() == -1 && s.hwpt() != null;
            });
        } catch (java.util.concurrent.TimeoutException e) {
            PageTableSnapshot s = vm().snapshotProperty().get();
            throw new AssertionError(sample + " did not show: step " + (s == null ? "none" : s.step() + ", hwpts "
                + s.hwpts()) + ", message '" + vm().messageProperty().get() + "', status '"
                + main.scenario().statusProperty().get() + "'", e);
        }
        settle();
    }

    private static List<TreeItem<PtRow>> shown(TreeItem<PtRow> item) {
        List<TreeItem<PtRow>> out = new ArrayList<>();
        out.add(item);
        if (item.isExpanded()) {
            for (TreeItem<PtRow> c : item.getChildren()) {
                out.addAll(shown(c));
            }
        }
        return out;
    }

    @Test
    void theTourDmaStepHighlightsTheWalksFourLevelsDownToTheLeafItSelects(FxRobot robot) throws Exception {
        stepTo(robot, 7); // the first dma: 4 writes, the last at 0x10c000
        PageTableTree tree = view().tree();
        List<Integer> walked = shown(tree.view().getRoot()).stream().map(TreeItem::getValue)
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
        stepTo(robot, 12);
        TextField find = robot.lookup("#find-iova").queryAs(TextField.class);
        robot.clickOn(find).write("0x280000").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            var sel = view().tree().view().getSelectionModel().getSelectedItem();
            return sel != null && sel.getValue().firstIova() == 0x280000;
        });
        TreeItem<PtRow> leaf = view().tree().view().getSelectionModel().getSelectedItem();
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
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm().detailProperty().get() != null
            && vm().detailProperty().get().row().firstIova() == 0x280000);
        assertThat(view().inspector().diagram().fields()).extracting(EntryField::name).contains("R", "W", "A", "D");
    }

    @Test
    void aBadFindSaysWhyAndKeepsTheSelection(FxRobot robot) throws Exception {
        stepTo(robot, 7);
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
            stepTo(robot, 4); // the dma step: its walk is revealed and its leaf selected
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm().detailProperty().get() != null
                && vm().detailProperty().get().format().equals(c[1])
                && vm().detailProperty().get().row().firstIova() == 0x1000);
            settle();
            EntryDetail d = vm().detailProperty().get();
            BitDiagram diagram = view().inspector().diagram();
            var fmt = PageTableFormats.byName(c[1]);
            assertThat(d.row().kind()).isEqualTo(PtRow.Kind.LEAVES);
            assertThat(diagram.fields()).as(c[1]).isEqualTo(fmt.decode(d.row().raw(), d.row().level()));
            Image shot = snapshot(robot, diagram);
            for (int i = 0; i < diagram.fields().size(); i++) {
                EntryField f = diagram.fields().get(i);
                for (int bit : new int[] {f.loBit(), f.hiBit()}) {
                    double[] p = diagram.probeOf(bit);
                    Color pixel = shot.getPixelReader().getColor((int) p[0], (int) p[1]);
                    assertThat(close(pixel, diagram.colourOf(i))).as("%s %s box colour at bit %d: %s", c[1],
                        f.name(), bit, pixel).isTrue();
                }
            }
        }
    }

    private static Image snapshot(FxRobot robot, javafx.scene.Node node) {
        Image[] out = new Image[1];
        robot.interact(() -> out[0] = node.snapshot(null, null));
        return out[0];
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 0.04 && Math.abs(a.getGreen() - b.getGreen()) < 0.04
            && Math.abs(a.getBlue() - b.getBlue()) < 0.04;
    }

    @Test
    void theIotlbViewMarksStaleEntriesUntilTheInvalidation(FxRobot robot) throws Exception {
        open(robot, "stale-iotlb-hazard.yaml");
        robot.interact(() -> view().sideTabs().getSelectionModel().select(1));
        stepTo(robot, 2); // dma, then get-dirty-bitmap with the flush skipped
        IotlbSnapshot t = vm().snapshotProperty().get().iotlbs().get(0);
        List<IotlbLine> stale = t.lines().stream().filter(IotlbLine::stale).toList();
        assertThat(stale).hasSize(4);
        Canvas grid = view().iotlb().gridOf("vtd0");
        Image shot = snapshot(robot, grid);
        for (IotlbLine l : stale) {
            double[] p = view().iotlb().cellCentre(t, l.slot());
            assertThat(close(shot.getPixelReader().getColor((int) p[0], (int) p[1]), IotlbView.STALE)).isTrue();
        }
        assertThat(robot.lookup("#iotlb-lines").queryListView().getItems().get(0)).matches(x ->
            ((IotlbLine) x).stale());

        stepTo(robot, 5); // iotlb-invalidate
        IotlbSnapshot after = vm().snapshotProperty().get().iotlbs().get(0);
        assertThat(after.staleCount()).isZero();
        Image shot2 = snapshot(robot, view().iotlb().gridOf("vtd0"));
        for (IotlbLine l : stale) {
            double[] p = view().iotlb().cellCentre(after, l.slot());
            Color c = shot2.getPixelReader().getColor((int) p[0], (int) p[1]);
            assertThat(close(c, IotlbView.STALE)).as("slot %d no longer stale", l.slot()).isFalse();
        }
    }

    @Test
    void theIovaMapPixelsTurnDirtyWhereTheNicWrote(FxRobot robot) throws Exception {
        stepTo(robot, 6); // set-dirty-tracking: mapped, nothing written yet
        MapViewport v = vm().snapshotProperty().get().viewport();
        long[] written = {0x100000, 0x104000, 0x108000, 0x10c000};
        for (long iova : written) {
            assertThat(isDirtyPixel(robot, v, iova)).isFalse();
        }
        stepTo(robot, 7); // the NIC writes 4 pages
        v = vm().snapshotProperty().get().viewport();
        for (long iova : written) {
            assertThat(isDirtyPixel(robot, v, iova)).as("0x%x", iova).isTrue();
        }
        assertThat(isDirtyPixel(robot, v, 0x101000)).as("an unwritten page stays clean").isFalse();
        assertThat(vm().snapshotProperty().get().map().state(0x100000 >>> v.bucketShift()))
            .isEqualTo(io.ioptexplorer.hardware.inspect.IovaMap.DIRTY);
    }

    private boolean isDirtyPixel(FxRobot robot, MapViewport v, long iova) {
        var iv = view().map().imageView();
        Image shot = snapshot(robot, iv);
        long bucket = (iova - v.firstIova()) >>> v.bucketShift();
        double scale = view().map().cellPx();
        int x = (int) (((bucket % v.columns()) + 0.5) * scale);
        int y = (int) (((bucket / v.columns()) + 0.5) * scale);
        int argb = MapPalette.DIRTY;
        Color dirty = Color.rgb(argb >> 16 & 255, argb >> 8 & 255, argb & 255);
        return close(shot.getPixelReader().getColor(x, y), dirty);
    }
}
