package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.ExplorerLayout;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.viewmodel.pagetable.MapViewport;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The page tables' canvases at presentation scale 2x, on the real window (a small one, so that at 1x the map's cells
 * are a pixel wide): measured in the pixels they draw, a map cell, an IOTLB slot and an entry's bit are drawn at
 * least twice as large, not merely told the scale.
 */
@ExtendWith(ApplicationExtension.class)
class PageTableScaleTest {
    private MainWindow.Parts parts;
    private MainWindowView main;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null, 1000, 700);
        main = parts.view();
        WindowWaits.showTab(main, "page-tables-tab");
    }

    private PageTableViewModel vm() {
        return main.pageTablesViewModel();
    }

    private PageTableExplorerView view() {
        return main.pageTables();
    }

    @Test
    void atTwiceTheScaleTheMapCellsIotlbSlotsAndEntryBitsAreDrawnAtLeastTwiceAsLarge(FxRobot robot)
        throws Exception {
        WindowWaits.stepTo(robot, main, 7); // the NIC wrote 0x100000, 0x104000, 0x108000, 0x10c000
        WindowWaits.settled(() -> vm().detailProperty().get() != null); // the walk's leaf: the inspector shows it
        int[] cell1 = mapCell(robot, 0x104000);
        double side1 = view().map().imageView().getImage().getWidth();
        assertThat(side1).as("precondition: at 1x this window leaves the map less than 2 px a cell").isLessThan(256);
        robot.interact(() -> view().showIotlb(true));
        WindowWaits.settle();
        int slot1 = iotlbSlot(robot);
        int bit1 = bitBox(robot);

        robot.interact(() -> {
            parts.presentation().viewModel().setScale(2.0);
            parts.presentation().viewModel().togglePresenting();
        });
        WindowWaits.settled(() -> StageScale.get() == 2.0);
        // Presenting hides the side panes; the presenter can bring the inspector back beside the tab.
        robot.interact(() -> main.layout().setShownForNow(ExplorerLayout.Pane.RIGHT, true));
        WindowWaits.settle();
        try {
            // The map's column pushed narrower than 2 px a cell (the event log back below the tab takes its height,
            // the divider dragged right): its frame keeps 2 px a cell, and the image stays inside the frame, above
            // its caption (the map's cells covered the caption, drawn past a frame that had shrunk).
            robot.interact(() -> main.layout().setShownForNow(ExplorerLayout.Pane.BOTTOM, true));
            robot.interact(() -> ((javafx.scene.control.SplitPane) view().root().lookup("#pt-split"))
                .setDividerPositions(0.85));
            WindowWaits.settle();
            javafx.scene.image.ImageView image = view().map().imageView();
            javafx.scene.layout.Region holder = (javafx.scene.layout.Region) image.getParent();
            javafx.geometry.Bounds frame = holder.localToScene(holder.getLayoutBounds());
            javafx.geometry.Bounds drawn = image.localToScene(image.getLayoutBounds());
            assertThat(frame.contains(drawn)).as("the map %s inside its frame %s", drawn, frame).isTrue();
            javafx.scene.Node caption = view().root().lookup("#iova-map-caption");
            assertThat(caption.localToScene(caption.getLayoutBounds()).getMinY()).as("the caption under the map")
                .isGreaterThanOrEqualTo(frame.getMaxY());
            int[] cell2 = mapCell(robot, 0x104000);
            assertThat(image.getImage().getWidth()).isGreaterThanOrEqualTo(256);
            assertThat(cell2[0]).as("a dirty page's cell across, %d px at 1x", cell1[0]).isGreaterThanOrEqualTo(2);
            assertThat(cell2[1]).as("and down, %d px at 1x", cell1[1]).isGreaterThanOrEqualTo(2);
            int slot2 = iotlbSlot(robot);
            assertThat(slot2 + 1).as("an IOTLB slot, %d px at 1x", slot1 + 1)
                .isGreaterThanOrEqualTo(2 * (slot1 + 1) - 1);
            int bit2 = bitBox(robot);
            // A bit is 14 to 30 px at 1x (fitted to the pane), 28 to 60 px at 2x; inside its two border pixels.
            assertThat(bit2).as("a bit's box, %d px at 1x", bit1).isGreaterThanOrEqualTo(2 * 14 - 2)
                .isGreaterThan(bit1);
        } finally {
            robot.interact(() -> parts.presentation().viewModel().togglePresenting());
        }
    }

    /** The width and height in pixels of the map cell of {@code iova}, read from the map as drawn. */
    private int[] mapCell(FxRobot robot, long iova) {
        MapViewport v = vm().snapshotProperty().get().viewport();
        long bucket = (iova - v.firstIova()) >>> v.bucketShift();
        int x = view().map().firstPixelOf((int) (bucket % v.columns()));
        int y = view().map().firstPixelOf((int) (bucket / v.columns()));
        PixelReader p = WindowProbe.snapshot(robot, view().map().imageView()).getPixelReader();
        assertThat(WindowProbe.close(p.getColor(x, y), WindowProbe.colour(MapPalette.DIRTY), 0.04)).isTrue();
        return new int[] {run(p, x, y, 1, 0), run(p, x, y, 0, 1)};
    }

    /** The width in pixels of an empty slot of the IOTLB grid, read from the canvas as drawn. */
    private int iotlbSlot(FxRobot robot) throws Exception {
        IotlbSnapshot t0 = vm().snapshotProperty().get().iotlbs().get(0);
        // redrawn at a new scale or width
        WindowWaits.settled(() -> WindowProbe.iotlbGrid(view().iotlb(), t0.unitId()) != null);
        IotlbSnapshot t = vm().snapshotProperty().get().iotlbs().get(0);
        Set<Integer> used = new HashSet<>();
        t.lines().forEach(l -> used.add(l.slot()));
        int slot = 0;
        while (used.contains(slot)) {
            slot++;
        }
        Canvas grid = WindowProbe.iotlbGrid(view().iotlb(), t.unitId());
        assertThat(grid).as("the grid of %s among %s", t.unitId(), view().iotlb().root().lookupAll("*").stream()
            .map(n -> n.getClass().getSimpleName() + "#" + n.getId()).toList()).isNotNull();
        double cell = WaitForAsyncUtils.asyncFx(() -> view().iotlb().cellSize(t)).get(); // where to look; the size
        // itself is read from the pixels
        int x = (int) (1 + (slot / t.ways()) * cell);
        int y = (int) (1 + (slot % t.ways()) * cell + cell / 2);
        PixelReader p = WindowProbe.snapshot(robot, grid).getPixelReader();
        assertThat(WindowProbe.close(p.getColor(x, y), IotlbView.EMPTY, 0.04)).as("slot %d is empty", slot).isTrue();
        return run(p, x, y, 1, 0);
    }

    /** The width in pixels of the inside of bit 0's box in the inspector's diagram, read as drawn. */
    private int bitBox(FxRobot robot) {
        BitDiagram d = view().inspector().diagram();
        double[] probe = d.probeOf(0);
        Image shot = WindowProbe.snapshot(robot, d);
        PixelReader p = shot.getPixelReader();
        int x = (int) probe[0];
        int y = (int) probe[1];
        Color inside = p.getColor(x, y);
        int left = x;
        while (left > 0 && WindowProbe.close(p.getColor(left - 1, y), inside, 0.04)) {
            left--;
        }
        return run(p, left, y, 1, 0);
    }

    /** How many pixels from (x, y) on, stepping by (dx, dy), have the colour of the first. */
    private static int run(PixelReader p, int x, int y, int dx, int dy) {
        Color first = p.getColor(x, y);
        int n = 0;
        try {
            while (WindowProbe.close(p.getColor(x + n * dx, y + n * dy), first, 0.04)) {
                n++;
            }
        } catch (IndexOutOfBoundsException end) {
            // the image's edge ends the run
        }
        return n;
    }
}
