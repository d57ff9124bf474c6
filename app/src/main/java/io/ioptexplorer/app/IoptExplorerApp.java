package io.ioptexplorer.app;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.PreferencesSettingsStore;
import io.ioptexplorer.viewmodel.live.CpuPriority;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: one main window, its settings remembered in the user's preferences. An argument (a file,
 * or sample:NAME) opens that topology after the default tour.
 */
public final class IoptExplorerApp extends Application {

    @Override
    public void start(Stage stage) {
        // On two or three cores the JIT's bursts of compiling would take the core a frame needs (issue 11)
        CpuPriority.backgroundCompilers();
        var raw = getParameters().getRaw();
        MainWindow.open(stage, PreferencesSettingsStore.forUser(), raw.isEmpty() ? null : raw.get(0));
    }
}
