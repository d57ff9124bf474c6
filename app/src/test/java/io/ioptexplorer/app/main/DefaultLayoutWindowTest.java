package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.timeline.TimelineStripView;
import io.ioptexplorer.hardware.inspect.PtRow;
import java.util.List;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableRow;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real window at 1280x800 with no remembered layout, every pane shown, the default tour stepped to its first DMA
 * write and the Page tables tab in front: read from the laid-out nodes, the centre is at least 400 px tall and its
 * tree shows at least 13 rows (before: 358 px and 4 rows; then 6 under the tab's three rows of controls and walk),
 * with every entry's name whole, the caption is whole (it was cut to one line), the event log shows 4 lines and the
 * timeline strip is whole. The same window made
 * 1600x1000 gives the log more lines and the centre at least 500 px.
 */
@ExtendWith(ApplicationExtension.class)
class DefaultLayoutWindowTest {
    static final double ROW = 20; // EventLogView.ROW: one event line
    private MainWindowView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800).view();
        WindowWaits.showTab(view, "page-tables-tab");
    }

    @Test
    void at1280x800TheCentreTheCaptionTheLogAndTheStripEachGetTheirHeight(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        sized(robot, 1280, 800);
        WindowWaits.stepTo(robot, view, 7); // step 8, the NIC's DMA: its walk is open in the tree
        WindowWaits.settle();
        Scene scene = view.root().getScene();
        assertThat(scene.getHeight()).isEqualTo(800);

        Region centre = (Region) scene.lookup("#middle-split");
        assertThat(centre.getHeight()).as("the centre's height").isGreaterThanOrEqualTo(400);

        // The tree's viewport (its rows' clip: no header, no scroll bar) holds at least 13 whole rows: with the
        // chooser, the walk and the Tree/IOTLB row above it and 28 px rows, it held 6.
        Region tree = (Region) scene.lookup("#pt-tree");
        Region viewport = (Region) tree.lookup(".clipped-container");
        List<TreeTableRow<?>> rows = tree.lookupAll(".tree-table-row-cell").stream().<TreeTableRow<?>>map(n -> (TreeTableRow<?>) n)
            .filter(r -> r.getItem() != null && r.isVisible()).toList();
        double rowHeight = rows.stream().mapToDouble(Region::getHeight).max().orElseThrow();
        int treeRows = (int) (viewport.getHeight() / rowHeight);
        assertThat(treeRows).as("tree rows in %.0f px of %.0f px rows", viewport.getHeight(), rowHeight)
            .isGreaterThanOrEqualTo(13);
        // The walk lies open down to its 4 KiB leaf, four levels below the root: every entry's name is whole in the
        // entry column (at 76 px the leaves showed one digit, cut with an ellipsis).
        assertThat(rows.stream().map(r -> r.getItem() instanceof PtRow p ? p.level() : -1)).contains(0);
        for (TreeTableRow<?> r : rows) {
            TreeTableCell<?, ?> cell = (TreeTableCell<?, ?>) r.lookup(".tree-table-cell");
            Text drawn = (Text) cell.lookup(".text");
            assertThat(drawn.getText()).as("the entry column of a row at %s", cell.getText())
                .isEqualTo(cell.getText());
        }

        Label caption = (Label) scene.lookup("#narration");
        assertThat(caption.getText()).startsWith("Next: Read the dirty bitmap");
        assertThat(caption.getHeight()).as("the caption whole").isGreaterThanOrEqualTo(
            caption.prefHeight(caption.getWidth()) - 0.5);

        assertThat(logLines(scene)).as("event log lines").isGreaterThanOrEqualTo(4);
        stripWhole(scene);

        // A taller window (the headless screen's 1600x1000; Monocle cannot paint a larger one): the log gets more
        // lines, the strip stays whole, the centre the rest.
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        WindowWaits.settle();
        assertThat(logLines(scene)).as("event log lines at 1600x1000").isGreaterThanOrEqualTo(6);
        assertThat(centre.getHeight()).as("the centre's height at 1600x1000").isGreaterThanOrEqualTo(500);
        stripWhole(scene);
    }

    @Test
    void aBottomHeightTheUserDraggedWinsOverTheDefault(FxRobot robot) throws Exception {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        settings.put("layout.bottom-height", "300.0");
        robot.interact(() -> {
            stage.close();
            MainWindow.build(stage, settings, null, 1280, 800);
        });
        WindowWaits.settle();
        Region bottom = (Region) stage.getScene().lookup("#bottom-box");
        assertThat(bottom.getHeight()).as("the remembered bottom height").isBetween(296.0, 304.0);
    }

    @Test
    void onlyADragOfTheBottomDividerIsRememberedAndThenTheBottomKeepsItsHeight(FxRobot robot) throws Exception {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        robot.interact(() -> {
            stage.close();
            MainWindow.build(stage, settings, null, 1280, 800);
        });
        sized(robot, 1280, 900); // a layout pass moves the divider; nothing is remembered
        assertThat(settings.get("layout.bottom-height")).isEmpty();
        assertThat(settings.get("layout.dividers")).isEmpty();

        Scene scene = stage.getScene();
        Region outer = (Region) scene.lookup("#outer-split");
        Region bottom = (Region) scene.lookup("#bottom-box");
        Node divider = outer.getChildrenUnmodifiable().stream()
            .filter(n -> n.getStyleClass().contains("split-pane-divider")).findFirst().orElseThrow();
        double before = bottom.getHeight();
        robot.drag(divider).moveBy(0, -100).release(javafx.scene.input.MouseButton.PRIMARY);
        WindowWaits.settle();
        assertThat(bottom.getHeight()).as("dragged up by 100 px").isBetween(before + 90, before + 110);
        assertThat(Double.parseDouble(settings.get("layout.bottom-height").orElseThrow()))
            .isBetween(bottom.getHeight() - 2, bottom.getHeight() + 2);
        double dragged = bottom.getHeight();
        robot.interact(() -> stage.setHeight(980)); // the window grows: the centre takes it, the bottom keeps its own
        WindowWaits.settle();
        assertThat(bottom.getHeight()).isBetween(dragged - 2, dragged + 2);
    }

    @Test
    void aBannerInTheHeaderTakesItsHeightFromTheCentreNotFromTheLog(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        sized(robot, 1280, 800);
        Scene scene = view.root().getScene();
        Region bottom = (Region) scene.lookup("#bottom-box");
        Region centre = (Region) scene.lookup("#middle-split");
        double bottomBefore = bottom.getHeight();
        double centreBefore = centre.getHeight();
        robot.interact(() -> view.scenario().loadText("broken.yaml", "name: broken\niommus: [{id: x, model: amd-v7}]\n"));
        WindowWaits.settle();
        assertThat(scene.lookup("#problem-banner").isVisible()).isTrue();
        assertThat(centre.getHeight()).as("the centre gave the banner its height").isLessThan(centreBefore - 10);
        assertThat(bottom.getHeight()).as("the log kept its lines").isEqualTo(bottomBefore);
        // A re-placed divider re-read the log, whose new snapshot overwrote the status (seen in ScenarioWindowTest).
        assertThat(view.scenario().statusProperty().get()).contains("unchanged");
    }

    /**
     * The stage {@code w} by {@code h} at the screen's corner, once the size keeper of any window built on this
     * stage before (WindowSizeKeeper, 2 s; TestFX reuses one stage for every test class) has let go.
     */
    private void sized(FxRobot robot, double w, double h) throws Exception {
        WindowWaits.placeStageAfterKeeper(robot, stage, w, h);
    }

    /** Lines the event log draws (each a whole line of its canvas). */
    private static int logLines(Scene scene) {
        Region canvasHolder = (Region) scene.lookup("#log-canvas").getParent();
        return (int) (canvasHolder.getHeight() / ROW);
    }

    private static void stripWhole(Scene scene) {
        Node strip = scene.lookup("#timeline-strip");
        Bounds b = strip.localToScene(strip.getLayoutBounds());
        Bounds status = scene.lookup("#status-bar").localToScene(scene.lookup("#status-bar").getLayoutBounds());
        assertThat(b.getHeight()).as("strip height").isEqualTo(TimelineStripView.HEIGHT);
        assertThat(b.getMaxY()).as("strip bottom above the status bar").isLessThanOrEqualTo(status.getMinY() + 0.5);
    }
}
