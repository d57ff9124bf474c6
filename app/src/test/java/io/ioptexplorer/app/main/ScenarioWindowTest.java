package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.scenario.ScenarioViewTestAccess;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The scenario part of the real window: default topology, stepping by keyboard, run all, a bad file. */
@ExtendWith(ApplicationExtension.class)
class ScenarioWindowTest {
    private MainWindowView view;

    @Start
    void start(Stage stage) {
        view = MainWindow.open(stage, new InMemorySettingsStore());
    }

    private void waitIdle() throws Exception {
        WindowWaits.idle(view);
    }

    @Test
    void opensTheDefaultSample(FxRobot robot) throws Exception {
        String expected = SampleCatalog.load(SampleCatalog.defaultName()).name();
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo(expected);
        assertThat(robot.lookup("#step-list").queryListView().getItems()).isNotEmpty();
    }

    @Test
    void arrowKeyStepsAndF5RunsTheRest(FxRobot robot) throws Exception {
        ListView<StepRow> steps = stepsByKeyboard(robot, 1);
        assertThat(steps.getItems().get(0).status()).isEqualTo(StepRow.Status.OK);
        assertThat(steps.getItems().get(1).status()).isEqualTo(StepRow.Status.PENDING);

        robot.type(KeyCode.F5);
        waitIdle();
        assertThat(steps.getItems()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRow.Status.OK));
        // the last finished step is selected and its result shown
        assertThat(robot.lookup("#step-detail").queryAs(Node.class)).isNotNull();
        assertThat(ScenarioViewTestAccess.detailText(robot.lookup("#step-detail").query())).contains("dirty-bits");

        robot.type(KeyCode.PAGE_UP);
        waitIdle();
        assertThat(steps.getItems().get(steps.getItems().size() - 1).status()).isEqualTo(StepRow.Status.PENDING);
    }

    /**
     * The rows as drawn follow their steps' status, forward and back: a cell keeps its nodes and changes their
     * icon, style class and text, so each row carries exactly one status class and its own step's name.
     */
    @Test
    void stepRowsShowTheirStatusAsDrawnForwardAndBack(FxRobot robot) throws Exception {
        ListView<StepRow> steps = stepsByKeyboard(robot, 2);
        assertThat(drawnRows(robot, steps)).startsWith("1. get-hw-info status-ok", "2. ioas-alloc status-ok",
                "3. ioas-map status-pending");
        robot.type(KeyCode.PAGE_UP);
        waitIdle();
        assertThat(drawnRows(robot, steps)).startsWith("1. get-hw-info status-ok", "2. ioas-alloc status-pending",
                "3. ioas-map status-pending");
    }

    /** The step list after {@code n} presses of → on it, once the machine has taken them. */
    private ListView<StepRow> stepsByKeyboard(FxRobot robot, int n) throws Exception {
        waitIdle();
        ListView<StepRow> steps = robot.lookup("#step-list").queryListView();
        robot.clickOn("#step-list");
        for (int i = 0; i < n; i++) {
            robot.type(KeyCode.RIGHT);
        }
        waitIdle();
        return steps;
    }

    /** Each visible row as drawn, top down: its head label and its icon's status classes. */
    private static java.util.List<String> drawnRows(FxRobot robot, ListView<StepRow> steps) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> steps.lookupAll(".list-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && !c.isEmpty() && c.isVisible())
                .map(n -> (javafx.scene.control.ListCell<?>) n)
                .sorted(java.util.Comparator.comparingInt(javafx.scene.control.ListCell::getIndex))
                .map(c -> ((Label) c.lookup(".row-head")).getText() + " " + String.join(" ",
                        c.lookup(".ikonli-font-icon").getStyleClass().stream()
                                .filter(k -> k.startsWith("status-")).toList()))
                .toList()).get();
    }

    @Test
    void aBadFileShowsItsProblemsAndKeepsTheScenario(FxRobot robot) throws Exception {
        waitIdle(); // the default tour opens on the machine thread: its "Opened" line must not land after ours
        String title = robot.lookup("#scenario-title").queryAs(Label.class).getText();
        robot.interact(() -> view.scenario().loadText("broken.yaml",
                "name: broken\niommus:\n  - {id: x, model: amd-v7}\nvm: {memory: 1GiB}\ndevices: []\n"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#problem-banner").queryAs(Node.class).isVisible()).isTrue();
        assertThat(robot.lookup("#problem").queryAs(Label.class).getText()).contains("broken.yaml:3:")
                .contains("amd-v7");
        assertThat(robot.lookup("#scenario-title").queryAs(Label.class).getText()).isEqualTo(title);
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).contains("unchanged");
    }

    @Test
    void aMigrateStepShowsItsRoundsAndTheVerification(FxRobot robot) throws Exception {
        robot.interact(() -> view.openSample("amd-nic-iommu.yaml"));
        waitIdle(); // the file opens on the machine thread; commands wait for it
        robot.type(KeyCode.F5);
        waitIdle();
        assertThat(robot.lookup("#rounds-table").tryQuery()).as(view.scenario().statusProperty().get()).isPresent();
        assertThat(robot.lookup("#verification").queryAs(Label.class).getText())
                .startsWith("Destination verified: all 1048576 pages match the source.");
    }
}
