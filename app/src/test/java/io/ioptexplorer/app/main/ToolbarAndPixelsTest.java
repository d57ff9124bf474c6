package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, clicked rather than keyed: every toolbar button with its effect and its disabled states, the
 * file-open path with only the platform dialog replaced, the dirty bitmap read back as pixels, and closing the
 * window while a migration runs.
 */
@ExtendWith(ApplicationExtension.class)
class ToolbarAndPixelsTest {
    private Stage stage;
    private MainWindowView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = MainWindow.open(stage, new InMemorySettingsStore());
    }

    private void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryButton();
    }

    private static List<StepRow.Status> statuses(FxRobot robot) {
        ListView<StepRow> steps = robot.lookup("#step-list").queryListView();
        return steps.getItems().stream().map(StepRow::status).toList();
    }

    @Test
    void stepBackRunAndResetButtonsDoWhatTheySayAndAreDisabledWhenTheyCannot(FxRobot robot) throws Exception {
        assertThat(button(robot, "back-button").isDisabled()).as("nothing to go back to").isTrue();
        assertThat(button(robot, "step-button").isDisabled()).isFalse();
        assertThat(button(robot, "run-button").isDisabled()).isFalse();

        robot.clickOn("#step-button");
        waitIdle();
        assertThat(statuses(robot).get(0)).isEqualTo(StepRow.Status.OK);
        assertThat(statuses(robot).get(1)).isEqualTo(StepRow.Status.PENDING);
        assertThat(button(robot, "back-button").isDisabled()).isFalse();

        robot.clickOn("#back-button");
        waitIdle();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.PENDING));
        assertThat(button(robot, "back-button").isDisabled()).isTrue();

        robot.clickOn("#run-button");
        waitIdle();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.OK));
        assertThat(button(robot, "step-button").isDisabled()).as("no step left").isTrue();
        assertThat(button(robot, "run-button").isDisabled()).as("no step left").isTrue();
        assertThat(button(robot, "reset-button").isDisabled()).isFalse();

        robot.clickOn("#reset-button");
        waitIdle();
        assertThat(statuses(robot)).allSatisfy(s -> assertThat(s).isEqualTo(StepRow.Status.PENDING));
        assertThat(button(robot, "step-button").isDisabled()).isFalse();
    }

    @Test
    void whileAStepRunsStepRunResetAndBackAreDisabled(FxRobot robot) throws Exception {
        List<String> seenWhileBusy = new CopyOnWriteArrayList<>();
        robot.interact(() -> view.scenario().busyProperty().addListener((o, was, busy) -> {
            if (busy) {
                for (String id : List.of("step-button", "run-button", "reset-button", "back-button")) {
                    seenWhileBusy.add(id + "=" + (button(robot, id).isDisabled() ? "disabled" : "ENABLED"));
                }
            }
        }));
        robot.clickOn("#run-button");
        waitIdle();
        assertThat(seenWhileBusy).isNotEmpty().allSatisfy(s -> assertThat(s).endsWith("=disabled"));
    }

    @Test
    void themeAboutAndSamplesButtons(FxRobot robot) throws Exception {
        String theme = robot.lookup("#status-theme").queryAs(Label.class).getText();
        robot.clickOn("#theme-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#status-theme").queryAs(Label.class).getText()).isNotEqualTo(theme);

        robot.clickOn("#about-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> aboutWindow(robot) != null);
        Window about = aboutWindow(robot);
        assertThat(robot.from(about.getScene().getRoot()).lookup((Node n) -> n instanceof Label l
                && l.getText() != null && l.getText().contains("F5")).tryQuery()).as("About lists the shortcuts")
                .isPresent();
        robot.interact(() -> ((Stage) about).close());

        robot.clickOn("#samples-button");
        robot.clickOn("stale-iotlb-hazard.yaml");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).containsIgnoringCase("stale");
    }

    private static Window aboutWindow(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w instanceof Stage st && st.getTitle() != null
                && st.getTitle().startsWith("About") && w.isShowing()).findFirst().orElse(null);
    }

    @Test
    void openButtonLoadsTheChosenFileAndACancelledDialogChangesNothing(FxRobot robot) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "name: my own topology\niommus: []\nvm: {memory: 64MiB}\ndevices: []\n"
                + "steps:\n  - ioas-alloc: {id: a}\n", StandardCharsets.UTF_8);
        String before = robot.lookup("#scenario-title").queryAs(Label.class).getText();
        List<Window> owners = new ArrayList<>();
        view.useFileDialog(owner -> {
            owners.add(owner);
            return null; // the person pressed Cancel
        });
        robot.clickOn("#open-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo(before);

        view.useFileDialog(owner -> {
            owners.add(owner);
            return file.toFile();
        });
        robot.clickOn("#open-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo("my own topology");
        assertThat(statuses(robot)).hasSize(1);
        assertThat(owners).as("the dialog is owned by the window").containsOnly(stage);
    }

    /** The tour's ninth step reads a 16-page bitmap with pages 0, 4, 8 and 12 dirty: those cells, and only those. */
    @Test
    void theBitmapCanvasPaintsExactlyTheDirtyPages(FxRobot robot) throws Exception {
        for (int i = 0; i < 9; i++) {
            robot.clickOn("#step-button");
            waitIdle();
        }
        assertThat(statuses(robot).get(8)).isEqualTo(StepRow.Status.OK);
        Canvas canvas = robot.lookup("#bitmap-canvas").queryAs(Canvas.class);
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        robot.interact(() -> {
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            shot.set(canvas.snapshot(p, null));
        });
        PixelReader px = shot.get().getPixelReader();
        int cells = 16;
        double pitch = shot.get().getWidth() / cells;
        List<Integer> red = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            Color centre = px.getColor((int) (c * pitch + pitch / 2 - 1), (int) (shot.get().getHeight() / 2));
            if (centre.getRed() > 0.7 && centre.getGreen() < 0.5 && centre.getBlue() < 0.5) {
                red.add(c);
            }
        }
        assertThat(red).as("cells painted in the dirty colour").containsExactly(0, 4, 8, 12);
    }

    @Test
    void closingTheWindowDuringAMigrationThrowsNothingAndTheSimulationThreadFinishes(FxRobot robot)
            throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            robot.interact(() -> view.openSample("amd-nic-iommu.yaml"));
            WaitForAsyncUtils.waitForFxEvents();
            AtomicBoolean started = new AtomicBoolean();
            robot.interact(() -> view.scenario().busyProperty().addListener((o, was, busy) -> started.compareAndSet(
                    false, busy)));
            robot.clickOn("#run-button");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, started::get);
            robot.interact(() -> stage.close());
            waitIdle();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("simulation"))
                    .allMatch(t -> t.getState() == Thread.State.WAITING || !t.isAlive()));
            assertThat(stage.isShowing()).isFalse();
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
