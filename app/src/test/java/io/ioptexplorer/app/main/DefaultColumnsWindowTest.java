package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window opened at its default size (its scene first laid out 1520 wide, then placed on the screen) and then
 * made 1280x800, as a window manager does: with no remembered layout the side panes keep their default share of the
 * width and the centre its own. Before, they kept the pixels of the first layout (334 and 365 px), and the centre got
 * 578 px of 1280.
 */
@ExtendWith(ApplicationExtension.class)
class DefaultColumnsWindowTest {
    private MainWindowView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.build(stage, new InMemorySettingsStore(), null).view();
    }

    @Test
    void withNoRememberedLayoutTheSidePanesKeepTheirShareWhenTheWindowIsResized(FxRobot robot) throws Exception {
        WindowWaits.idle(view);
        WindowWaits.placeStageAfterKeeper(robot, stage, 1280, 800);
        SplitPane middle = (SplitPane) view.root().getScene().lookup("#middle-split");
        double[] d = middle.getDividerPositions();
        assertThat(d).hasSize(2);
        assertThat(d[0]).as("the left pane's share").isBetween(0.21, 0.23);
        assertThat(d[1]).as("where the inspector starts").isBetween(0.75, 0.77);
        Region tabs = (Region) view.root().getScene().lookup("#main-tabs");
        assertThat(tabs.getWidth()).as("the centre's width of %.0f", middle.getWidth())
            .isGreaterThanOrEqualTo(0.52 * middle.getWidth());
    }
}
