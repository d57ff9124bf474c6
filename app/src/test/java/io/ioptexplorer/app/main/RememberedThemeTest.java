package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.main.Theme;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import javafx.application.Application;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A window opened over settings that remember "dark" starts dark. */
@ExtendWith(ApplicationExtension.class)
class RememberedThemeTest {

    @Start
    void start(Stage stage) {
        InMemorySettingsStore remembered = new InMemorySettingsStore();
        remembered.put("theme", "DARK");
        MainWindow.open(stage, remembered);
    }

    @Test
    void opensInTheRememberedTheme(FxRobot robot) {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeStyles.stylesheetOf(Theme.DARK));
    }
}
