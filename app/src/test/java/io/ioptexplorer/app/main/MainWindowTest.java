package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.main.Theme;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real main window (headless on Monocle) and drives it like a user. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainWindow.open(stage, settings);
    }

    @Test
    void windowIsTitledAndShowing() {
        assertThat(stage.getTitle()).isEqualTo("IOPT Explorer");
        assertThat(stage.isShowing()).isTrue();
    }

    @Test
    void toolbarButtonsCarryIkonliIconsAndTooltips(FxRobot robot) {
        ToolBar toolBar = robot.lookup("#main-toolbar").queryAs(ToolBar.class);
        assertThat(toolBar.getItems()).hasSizeGreaterThanOrEqualTo(2);
        var buttons = toolBar.getItems().stream().filter(i -> i instanceof Button).map(i -> (Button) i).toList();
        assertThat(buttons).extracting(Button::getId).contains("open-button", "step-button", "run-button",
                "reset-button", "back-button", "theme-button", "about-button");
        for (Button b : buttons) {
            assertThat(b.getGraphic()).isInstanceOf(FontIcon.class);
            assertThat(b.getTooltip()).isNotNull();
            // icon-only buttons still say what they do to a screen reader
            assertThat(b.getText().isBlank() ? b.getAccessibleText() : b.getText()).isNotBlank();
        }
    }

    @Test
    void themeButtonSwitchesStylesheetAndRemembersIt(FxRobot robot) {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeStyles.stylesheetOf(Theme.LIGHT));

        robot.clickOn("#theme-button");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeStyles.stylesheetOf(Theme.DARK));
        assertThat(robot.lookup("#status-theme").queryAs(Label.class).getText()).isEqualTo("Dark");
        assertThat(settings.get("theme")).contains("DARK");
    }

    @Test
    void themeShortcutSwitchesBack(FxRobot robot) {
        robot.clickOn("#theme-button");
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L).release(KeyCode.L, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeStyles.stylesheetOf(Theme.LIGHT));
        assertThat(settings.get("theme")).contains("LIGHT");
    }
}
