package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import java.util.Set;
import java.util.TreeSet;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The stale-IOTLB sample pinned after the NIC's fresh writes (step 7: four pages dirty at 0x2000000), run through
 * its migration and compared: the lanes get a last row marking, pixel for pixel, the pages whose Dirty bit is not
 * what it was at the pin, and Stop highlighting takes the row away.
 */
@ExtendWith(ApplicationExtension.class)
class PinnedLanesTest {
    private MainWindow.Parts parts;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
    }

    @Test
    void thePagesWhoseDirtyBitDiffersFromThePinAreARowOfTheirOwn(FxRobot robot) throws Exception {
        MainWindowView view = parts.view();
        robot.interact(() -> view.openSample("stale-iotlb-hazard.yaml"));
        WindowWaits.idle(view);
        robot.interact(() -> view.scenario().goTo(7));
        WindowWaits.idle(view);
        robot.interact(() -> parts.compare().pin());
        WindowWaits.runToEndOfFirstMigration(robot, view);
        robot.interact(() -> parts.compare().compareWithNow());
        WindowWaits.until(() -> view.pinnedDirtyProperty().get() != null);
        robot.type(KeyCode.ENTER); // closes the list of differences
        robot.interact(() -> WindowWaits.showTab(view, "lanes-tab"));
        WaitForAsyncUtils.waitForFxEvents();
        LanesCanvas canvas = robot.lookup("#lanes-canvas").queryAs(LanesCanvas.class);
        DirtyDifference d = view.pinnedDirtyProperty().get();
        assertThat(d.pinnedStep()).isEqualTo(7);
        assertThat(d.dirtyAtPin(d.pinned().keySet().iterator().next(), 0x2000000L >>> 12)).isTrue();
        assertThat(d.changed().cardinality()).as("pages whose Dirty bit differs from the pin").isPositive();
        assertThat(canvas.rows()).as("kvm, iommu:hwpt3, union, ground truth, and the pinned row").isEqualTo(5);
        assertThat(robot.lookup("#lanes-legend-pinned").query().isVisible()).isTrue();

        // The marks, read as pixels of the newest column's last row, are exactly the pixels holding a changed page.
        int cols = canvas.shownColumns();
        int w = canvas.columnWidth(cols);
        long from = 0;
        long to = view.scenario().tracking().snapshotProperty().get().guestPages();
        Set<Integer> expected = new TreeSet<>();
        d.changed().forEachFrame(f -> {
            if (f >= from && f < to) {
                expected.add(pixelOf(f - from, to - from, w));
            }
        });
        PixelReader px = WaitForAsyncUtils.asyncFx(() -> canvas.snapshot(null, null)).get().getPixelReader();
        int x0 = (int) canvas.columnX(cols - 1, cols);
        int y = (int) (canvas.rowY(4) + canvas.barHeight() / 2);
        Set<Integer> marked = new TreeSet<>();
        for (int i = 0; i < w; i++) {
            if (px.getArgb(x0 + i, y) == LaneColors.DIFFERS_FROM_PIN) {
                marked.add(i);
            }
        }
        assertThat(marked).isNotEmpty().isEqualTo(expected);

        // Back at the pinned step the Dirty bits are the pinned ones again: the row follows, with no mark left.
        robot.interact(() -> view.scenario().goTo(7));
        WindowWaits.idle(view);
        WindowWaits.until(() -> view.pinnedDirtyProperty().get().nowStep() == 7);
        assertThat(view.pinnedDirtyProperty().get().changed().cardinality()).isZero();
        assertThat(robot.lookup("#lanes-legend-pinned .label").queryLabeled().getText())
                .isEqualTo("Dirty bit after step 7 ≠ at pinned step 7 (0 pages, last row)");

        int withPin = canvas.rows(); // no migration yet at step 7: the lanes' placeholder rows, and the pinned one
        robot.interact(() -> parts.compare().stopHighlighting());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas.rows()).isEqualTo(withPin - 1);
        assertThat(robot.lookup("#lanes-legend-pinned").query().isVisible()).isFalse();
    }

    /** The pixel of {@code w} holding frame {@code k} of a {@code span}-frame window: pixel i starts at span*i/w. */
    private static int pixelOf(long k, long span, int w) {
        int i = (int) (k * w / span);
        while (i + 1 < w && span * (i + 1) / w <= k) {
            i++;
        }
        while (i > 0 && span * i / w > k) {
            i--;
        }
        return i;
    }
}
