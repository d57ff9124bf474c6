package io.ioptexplorer.app;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.PreferencesSettingsStore;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one main window, its settings remembered in the user's preferences. */
public final class IoptExplorerApp extends Application {

    @Override
    public void start(Stage stage) {
        MainWindow.open(stage, PreferencesSettingsStore.forUser());
    }
}
