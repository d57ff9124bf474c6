package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.PtRow;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TreeItem;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import org.testfx.api.FxRobot;

/** What the page-table window tests read back: the tree's rows as shown, and drawn pixels. */
final class WindowProbe {
    private WindowProbe() {
    }

    /** The item and every row under it that is expanded, in display order. */
    static List<TreeItem<PtRow>> shown(TreeItem<PtRow> item) {
        List<TreeItem<PtRow>> out = new ArrayList<>();
        out.add(item);
        if (item.isExpanded()) {
            for (TreeItem<PtRow> c : item.getChildren()) {
                out.addAll(shown(c));
            }
        }
        return out;
    }

    /** The node as drawn now, on the FX thread. */
    /**
     * The IOTLB grid of {@code unitId}, read on the FX thread: it clears the grids and draws them again at every
     * snapshot, so read from a test's thread it can be caught with none (PageTableScaleTest failed so in CI).
     */
    static javafx.scene.canvas.Canvas iotlbGrid(IotlbView view, String unitId) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> view.gridOf(unitId)).get();
    }

    static Image snapshot(FxRobot robot, Node node) {
        Image[] out = new Image[1];
        robot.interact(() -> out[0] = node.snapshot(null, null));
        return out[0];
    }

    /** Whether two colours are the same up to {@code tolerance} per channel (0..1): rendering rounds a little. */
    static boolean close(Color a, Color b, double tolerance) {
        return Math.abs(a.getRed() - b.getRed()) < tolerance && Math.abs(a.getGreen() - b.getGreen()) < tolerance
            && Math.abs(a.getBlue() - b.getBlue()) < tolerance;
    }

    /** An ARGB int as a colour. */
    static Color colour(int argb) {
        return Color.rgb(argb >> 16 & 255, argb >> 8 & 255, argb & 255);
    }
}
