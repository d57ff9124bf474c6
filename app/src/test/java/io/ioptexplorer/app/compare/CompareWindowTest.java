package io.ioptexplorer.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.compare.CompareViewModel;
import io.ioptexplorer.viewmodel.compare.Figure;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The SMMUv3 sample's first migration split eagerly on the left and lazily on the right, stepping together. */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest {
    private CompareViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        vm = new CompareViewModel(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "compare-test-simulation");
            t.setDaemon(true);
            return t;
        }), Platform::runLater);
        String name = "smmuv3-gpu-eager-vs-lazy.yaml";
        CompareWindow w = new CompareWindow(vm, name, SampleCatalog.text(name).orElseThrow(),
                SampleCatalog.load(name));
        stage.setScene(new Scene(w.root(), 1200, 760));
        stage.show();
    }

    @Test
    void eagerAndLazySideBySideWithTheirDifferences(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#compare-left-setting").queryTextInputControl().getText())
                .isEqualTo("steps[9].migrate.split=eager");
        assertThat(robot.lookup("#compare-right-setting").queryTextInputControl().getText())
                .isEqualTo("steps[9].migrate.split=lazy");
        for (int i = 0; i < 10; i++) {
            robot.clickOn("#compare-step");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        }
        WaitForAsyncUtils.waitForFxEvents();
        ListView<String> left = robot.lookup("#compare-left").queryListView();
        ListView<String> right = robot.lookup("#compare-right").queryListView();
        assertThat(left.getItems()).hasSize(10);
        assertThat(right.getItems()).hasSize(10);
        assertThat(left.getItems().get(9)).startsWith("10. migrate");
        Figure splits = vm.figures().stream().filter(f -> f.name().equals("leaf splits")).findFirst().orElseThrow();
        assertThat(splits.left()).isNotEqualTo(splits.right());
        String grid = robot.lookup("#compare-figures").queryAs(javafx.scene.layout.GridPane.class)
                .getChildren().stream().map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + "|" + b);
        assertThat(grid).contains("|leaf splits|").contains("|bytes sent (last migration)|");
        assertThat(robot.lookup("#compare-title").queryAs(Label.class).getText()).contains("eager  vs ");
    }

    @Test
    void aBadSettingIsShownAndTheRunsStay(FxRobot robot) {
        // set, not typed: where a click puts the caret in the field is not part of what is tested
        robot.interact(() -> robot.lookup("#compare-right-setting").queryTextInputControl()
                .setText("migration.split=sideways"));
        robot.clickOn("#compare-load");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compare-problem").queryAs(Label.class).getText())
                .startsWith("Right (migration.split=sideways): ");
    }
}
