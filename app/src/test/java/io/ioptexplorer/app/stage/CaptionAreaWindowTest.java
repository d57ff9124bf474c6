package io.ioptexplorer.app.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.WindowWaits;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Presentation mode at 2x on a 1280x800 screen, on the stale-IOTLB sample before its step 9 (a migration's story
 * of 80 words): the banner with its caption takes at most 22% of the screen's height (it took more than half), the
 * caption scrolls to its end, and the views keep the rest. A caption that fits is shown whole.
 */
@ExtendWith(ApplicationExtension.class)
class CaptionAreaWindowTest {
    /** The banner's greatest share of the screen's height: {@link CaptionArea#BANNER_SHARE}, written out. */
    private static final double SHARE = 0.22;
    private MainWindow.Parts parts;
    private PresentationViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null, 1280, 800);
        vm = parts.presentation().viewModel();
        WindowWaits.showTab(parts.view(), "page-tables-tab"); // WindowWaits reads the moment from that tab
    }

    @AfterEach
    void leave(FxRobot robot) {
        WindowWaits.leavePresentation(robot, vm);
    }

    @Test
    void aLongCaptionAt2xOn1280x800TakesAtMostItsShareAndScrolls(FxRobot robot) throws Exception {
        WindowWaits.openSample(robot, parts.view(), "stale-iotlb-hazard.yaml");
        WindowWaits.stepTo(robot, parts.view(), 7); // next: step 9, the migration
        robot.interact(() -> {
            vm.togglePresenting();
            vm.setScale(2.0);
        });
        // Full screen fills the headless screen (1600x1000): the stage made the size of a 1280x800 screen.
        WindowWaits.placeStage(robot, stage, 1280, 800);
        Scene scene = stage.getScene();
        assertThat(vm.isPresenting()).isTrue();
        assertThat(scene.getWidth()).isEqualTo(1280);
        assertThat(scene.getHeight()).isEqualTo(800);
        Label caption = (Label) scene.lookup("#stage-banner-caption");
        assertThat(caption.getText()).startsWith("Now a whole live migration");
        ScrollPane area = (ScrollPane) scene.lookup("#stage-banner-caption-area");
        WindowWaits.settled(() -> area.getHeight() > 0);
        WindowWaits.settle();
        // The whole banner (progress line and caption) leaves the views at least 78% of the screen; the caption has
        // at least two lines of it, and more than that to show.
        Region banner = (Region) scene.lookup("#stage-banner");
        assertThat(banner.getHeight()).as("the banner").isLessThanOrEqualTo(SHARE * 800 + 1);
        assertThat(area.getHeight()).as("the caption's area").isGreaterThanOrEqualTo(2 * 2 * 14 * 1.1);
        assertThat(caption.getHeight()).as("the caption itself, whole inside it").isGreaterThan(area.getHeight() + 20);
        ScrollBar bar = (ScrollBar) area.lookupAll(".scroll-bar").stream()
            .filter(n -> n instanceof ScrollBar b && b.getOrientation() == javafx.geometry.Orientation.VERTICAL)
            .findFirst().orElseThrow();
        assertThat(bar.isVisible()).as("a scroll bar says there is more").isTrue();
        // Scrolled to its end, the caption's last line is inside the area.
        robot.interact(() -> area.setVvalue(1));
        WindowWaits.settle();
        double captionBottom = caption.localToScene(caption.getLayoutBounds()).getMaxY();
        double areaBottom = area.localToScene(area.getLayoutBounds()).getMaxY();
        assertThat(captionBottom).as("the caption's last line, scrolled into the area").isBetween(areaBottom - 20,
            areaBottom + 0.5);

        // A caption that fits (the default tour's first, at 1x) is shown whole, with no scroll bar.
        robot.interact(() -> {
            parts.view().openSample("tour-dirty-tracking-basics.yaml");
            vm.setScale(1.0);
        });
        WindowWaits.settled(() -> caption.getText().startsWith("Welcome!"));
        WindowWaits.settle();
        assertThat(caption.getHeight()).isLessThanOrEqualTo(area.getHeight() + 0.5);
        assertThat(bar.isVisible()).isFalse();
    }
}
