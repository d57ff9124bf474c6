package io.ioptexplorer.app.main;

import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Builds the main window on a stage: view model, view, scene and theme, wired together. */
public final class MainWindow {
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;

    private MainWindow() {
    }

    public static MainWindowView open(Stage stage, SettingsStore settings) {
        MainWindowViewModel viewModel = new MainWindowViewModel(settings);
        MainWindowView view = new MainWindowView(viewModel);
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
