package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The toolbar of the real window 1280 px wide while a migration plays fast ("Pause", "100k ev/s"): every
 * label on the bar is drawn whole (they were cut to "St…", "I…", "Ope…"); what does not fit is in the overflow menu.
 */
@ExtendWith(ApplicationExtension.class)
class ToolbarAt1280Test {
    private MainWindowView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800).view();
        WindowWaits.showTab(view, "page-tables-tab"); // WindowWaits.stepTo reads the moment from it
    }

    @Test
    void whilePlayingFastEveryLabelOnTheBarIsWhole(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        WindowWaits.placeStageAfterKeeper(robot, stage, 1280, 800);
        // Step 3 next: a migration of 6.2 M events, a minute of play at 100k ev/s. (The stale-IOTLB sample's 600 000
        // were played out before the check on a loaded host, and the button read "Play" again.)
        robot.interact(() -> view.openSample("scale-64gib-guest.yaml"));
        WindowWaits.idle(view);
        for (int step = 0; step < 2; step++) {
            robot.interact(() -> view.scenario().stepForward());
            WindowWaits.idle(view);
        }
        WindowWaits.settled(() -> view.scenario().nextStepProperty().get() == 2);
        Slider speed = (Slider) view.root().getScene().lookup("#speed-slider");
        // 100k ev/s: a label as wide as "full speed"
        robot.interact(() -> speed.setValue(12));
        robot.interact(() -> ((javafx.scene.control.Button) view.root().getScene().lookup("#play-button")).fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.scenario().busyProperty().get());
        WindowWaits.settle();
        ToolBar bar = (ToolBar) view.root().getScene().lookup("#main-toolbar");
        int checked = 0;
        for (Node n : bar.lookupAll("*")) {
            if (n instanceof Labeled l && l.isVisible() && l.getScene() != null && l.getText() != null
                && !l.getText().isEmpty() && l.getContentDisplay() != javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                && isOnTheBar(bar, l)) {
                Text drawn = (Text) l.lookup(".text");
                assertThat(drawn == null ? "" : drawn.getText()).as("%s drawn", l.getId()).isEqualTo(l.getText());
                checked++;
            }
        }
        assertThat(checked).as("labels on the bar").isGreaterThanOrEqualTo(5);
        assertThat(((Labeled) bar.lookup("#play-button")).getText()).isEqualTo("Pause");
        robot.interact(() -> view.scenario().session().pause());
        WindowWaits.idle(view);
    }

    /** Whether {@code n} is laid out on the bar itself, not in its overflow menu. */
    private static boolean isOnTheBar(ToolBar bar, Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == bar) {
                return true;
            }
        }
        return false;
    }
}
