package io.ioptexplorer.app.main;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Builds the main window on a stage: view model, view, scene and theme, wired together. */
public final class MainWindow {
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;

    /** The one thread the simulation runs on; a daemon so closing the window ends the program. */
    private static final ExecutorService SIMULATION = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulation");
        t.setDaemon(true);
        return t;
    });

    private MainWindow() {
    }

    public static MainWindowView open(Stage stage, SettingsStore settings) {
        MainWindowViewModel viewModel = new MainWindowViewModel(settings);
        ScenarioViewModel scenario = new ScenarioViewModel(SIMULATION, Platform::runLater);
        MainWindowView view = new MainWindowView(viewModel, scenario);
        view.openSample(SampleCatalog.defaultName());
        ThemeStyles.apply(viewModel.getTheme());
        viewModel.themeProperty().addListener((obs, old, now) -> ThemeStyles.apply(now));

        Scene scene = new Scene(view.root(), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/ioptexplorer/app/app.css").toExternalForm());
        view.installShortcuts(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        return view;
    }
}
