package io.ioptexplorer.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.viewmodel.export.LanesCsv;
import io.ioptexplorer.viewmodel.export.MigrationRoundsCsv;
import io.ioptexplorer.viewmodel.export.Moment;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every export writes a file that reads back; a moment reopens the same state. */
@ExtendWith(ApplicationExtension.class)
class ExportsTest {
    @TempDir
    Path dir;
    private MainWindow.Parts parts;

    @Start
    void start(Stage stage) {
        parts = MainWindow.build(stage, new InMemorySettingsStore(), null);
    }

    private void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !parts.view().scenario().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int position() {
        return parts.view().scenario().nextStepProperty().get();
    }

    /** The number of distinct colours in the picture: a blank one has one. */
    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void windowAndViewPicturesReadBackAtTheirSize(FxRobot robot) throws Exception {
        Path window = dir.resolve("window.png");
        Path steps = dir.resolve("steps.png");
        robot.interact(() -> {
            try {
                parts.exports().windowPng(window);
                parts.exports().viewPng(robot.lookup("#step-list").query(), steps);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        BufferedImage img = ImageIO.read(window.toFile());
        var scene = parts.view().root().getScene();
        assertThat(img.getWidth()).isEqualTo((int) Math.ceil(scene.getWidth()));
        assertThat(img.getHeight()).isEqualTo((int) Math.ceil(scene.getHeight()));
        assertThat(colours(img)).isGreaterThan(10);
        assertThat(colours(ImageIO.read(steps.toFile()))).isGreaterThan(5);
    }

    @Test
    void jsonReportAndBitmapCsvOfTheRunSoFar(FxRobot robot) throws Exception {
        robot.interact(() -> parts.view().scenario().goTo(9));
        waitIdle();
        Path json = dir.resolve("report.json");
        parts.exports().jsonReport(json).get(20, TimeUnit.SECONDS);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("format-version").asInt()).isEqualTo(2);
        assertThat(report.get("steps")).hasSize(9);

        Path csv = dir.resolve("bitmap.csv");
        robot.interact(() -> {
            try {
                parts.exports().bitmapCsv(csv); // step 9 is selected: the first dirty read
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(17).startsWith("page,dirty", "0,1", "1,0");
        assertThat(lines.stream().filter(l -> l.endsWith(",1"))).hasSize(4);
        assertThatThrownBy(() -> parts.exports().roundsCsv(dir.resolve("r.csv")))
                .hasMessageContaining("no migration has run yet");
        assertThatThrownBy(() -> parts.exports().lanesCsv(dir.resolve("l.csv")))
                .hasMessageContaining("no migration has synced yet");
    }

    @Test
    void roundsCsvAfterAMigration(FxRobot robot) throws Exception {
        robot.interact(() -> parts.view().openSample("amd-nic-iommu.yaml"));
        robot.interact(() -> parts.view().scenario().runToEnd());
        waitIdle();
        Path csv = dir.resolve("rounds.csv");
        parts.exports().roundsCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("step,round,reported-pages");
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines.get(1)).matches("\\d+,0,\\d+,\\d+,\\d+,\\d+,\\d+");

        // The lanes and the dashboard's rounds of the moment on screen, read back against what the views show.
        var tracking = parts.view().scenario().tracking().snapshotProperty().get();
        Path lanes = dir.resolve("lanes.csv");
        parts.exports().lanesCsv(lanes);
        List<LanesCsv.Row> rows = LanesCsv.read(Files.readAllLines(lanes));
        var union = tracking.lanes().get(0).rounds().get(0).union().orElseThrow();
        assertThat(rows.stream().filter(r -> r.sync().equals("round 0") && r.lane().equals("union")
                && r.reported()).count()).isEqualTo(union.reportedPages()).isPositive();
        Path dashboard = dir.resolve("migration-rounds.csv");
        parts.exports().migrationRoundsCsv(dashboard);
        var rounds = MigrationRoundsCsv.read(Files.readAllLines(dashboard));
        assertThat(rounds).hasSize(tracking.migrations().get(0).rounds().size());
        assertThat(rounds.get(0).get("pages-sent"))
                .isEqualTo(Long.toString(tracking.migrations().get(0).rounds().get(0).pagesSent()));
    }

    @Test
    void aMomentReopensTheSameStepAndSelection(FxRobot robot) throws Exception {
        robot.interact(() -> parts.view().scenario().goTo(9));
        waitIdle();
        robot.interact(() -> parts.view().scenarioView().stepList().getSelectionModel().select(4));
        Path file = dir.resolve("here" + Moment.EXTENSION);
        robot.interact(() -> {
            try {
                parts.exports().moment(file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(Moment.read(file)).isEqualTo(new Moment("sample:tour-dirty-tracking-basics.yaml", 1, 9, 4));

        robot.interact(() -> parts.view().openSample("amd-nic-iommu.yaml"));
        robot.interact(() -> MomentOpener.open(file, parts.view()));
        waitIdle();
        assertThat(parts.view().scenario().titleProperty().get()).startsWith("Tour:");
        assertThat(position()).isEqualTo(9);
        assertThat(parts.view().scenarioView().stepList().getSelectionModel().getSelectedIndex()).isEqualTo(4);

        Path bad = dir.resolve("bad" + Moment.EXTENSION);
        Files.writeString(bad, "iopt-moment: 1\nfile: sample:tour-dirty-tracking-basics.yaml\nseed: one\nstep: 2\n");
        robot.interact(() -> MomentOpener.open(bad, parts.view()));
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText())
                .isEqualTo("Moment not opened: " + bad + ":3: seed must be a whole number, found 'one'");
        assertThat(position()).isEqualTo(9);
    }
}
