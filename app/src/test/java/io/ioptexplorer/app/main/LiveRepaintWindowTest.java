package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a play redraws (issue 11's frame time, software pipeline): the window does not move under the step caption
 * from one step to the next, and the hidden stage banner takes no caption.
 */
@ExtendWith(ApplicationExtension.class)
class LiveRepaintWindowTest {
    private MainWindow.Parts parts;
    private PresentationViewModel presentation;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null, 1600, 1000);
        presentation = parts.presentation().viewModel();
        WindowWaits.showTab(parts.view(), "page-tables-tab"); // WindowWaits reads the moment from that tab
    }

    @AfterEach
    void leave(FxRobot robot) {
        WindowWaits.leavePresentation(robot, presentation);
    }

    /**
     * The 64 GiB sample's migration caption is longer than its first. The caption's area is as tall as the longest
     * caption (up to its share of the window) at rest as while the sample plays, and keeps that height at every step
     * and when the play starts. It grew at the migration's caption, and later at the play's start (when it fitted the
     * caption it showed at rest), and each time the whole window under it was laid out and drawn again: the play's
     * slowest frames ({@code DirtyNodes} in benchmarks/ showed the split panes under it moved).
     */
    @Test
    void theCaptionAreaKeepsTheTallestCaptionsHeightAtRestAndWhilePlaying(FxRobot robot) throws Exception {
        WindowWaits.placeStageAfterKeeper(robot, stage, 1600, 1000);
        WindowWaits.openSample(robot, parts.view(), "scale-64gib-guest.yaml");
        Scene scene = stage.getScene();
        ScrollPane area = (ScrollPane) scene.lookup("#narration-area");
        Label caption = (Label) scene.lookup("#narration");
        WindowWaits.settled(() -> area.getHeight() > 0);
        double atRest = area.getViewportBounds().getHeight();
        double firstCaption = onFx(() -> caption.prefHeight(caption.getWidth()));
        assertThat(caption.getText()).startsWith("Next: The VMM has mapped all 64 GiB");
        assertThat(atRest).as("at rest, taller than the first caption needs").isGreaterThan(firstCaption + 10);

        java.util.Set<Double> heights = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> captions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        javafx.animation.AnimationTimer probe = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                if (parts.view().scenario().busyProperty().get()) { // from the play's first pulse on
                    heights.add(area.getHeight());
                    captions.add(caption.getText().substring(0, Math.min(12, caption.getText().length())));
                }
            }
        };
        // 100 000 events a second: the workload's 140 000 events take more than a second of frames (at full speed a
        // warm machine ran them inside the play's first two pulses); then full speed through the migration.
        var speed = parts.view().commands().speedSlider();
        robot.interact(() -> {
            probe.start();
            speed.setValue(12);
            parts.view().commands().command("play-button").runIfEnabled();
        });
        WindowWaits.settled(() -> caption.getText().startsWith("Now: Migrate"));
        robot.interact(() -> speed.setValue(speed.getMax()));
        WindowWaits.settled(() -> !parts.view().scenario().busyProperty().get());
        robot.interact(probe::stop);
        assertThat(captions).as("captions shown while playing").contains("Now: Let the", "Now: Migrate");
        assertThat(heights).as("the area's heights while playing").containsExactly(area.getHeight());
        assertThat(area.getViewportBounds().getHeight()).as("the same at rest after the play").isEqualTo(atRest);
        // At the end the area stays, with the last step's caption (it was hidden there, and the window moved up).
        WindowWaits.settle();
        assertThat(area.isVisible()).as("the caption's area at the end").isTrue();
        assertThat(caption.getText()).startsWith("Done: Migrate over 100 Gbit/s");
    }

    /**
     * Outside presentation mode the stage's banner is hidden; it took every step's caption all the same, laid out
     * 35 px wide and thousands of pixels high, at every step of a play.
     */
    @Test
    void theHiddenStageBannerTakesNoCaption(FxRobot robot) throws Exception {
        WindowWaits.openSample(robot, parts.view(), "scale-64gib-guest.yaml");
        Label banner = (Label) stage.getScene().lookup("#stage-banner-caption");
        assertThat(banner.getText()).as("hidden").isEmpty();
        robot.interact(presentation::togglePresenting);
        WindowWaits.settle();
        assertThat(banner.getText()).as("presenting").isNotEmpty();
        robot.interact(presentation::togglePresenting);
        WindowWaits.settle();
        assertThat(banner.getText()).as("hidden again").isEmpty();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get();
    }
}
