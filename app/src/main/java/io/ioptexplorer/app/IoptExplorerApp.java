package io.ioptexplorer.app;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.PreferencesSettingsStore;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: one main window, its settings remembered in the user's preferences. An optional argument
 * opens a topology, a {@code sample:NAME} or a moment file instead of the default tour.
 */
public final class IoptExplorerApp extends Application {

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        MainWindow.build(stage, PreferencesSettingsStore.forUser(), args.isEmpty() ? null : args.get(0));
    }
}
