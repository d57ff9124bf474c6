package io.ioptexplorer.app.main;

import io.ioptexplorer.app.compare.CompareMenu;
import io.ioptexplorer.app.export.ExportMenu;
import io.ioptexplorer.app.export.Exports;
import io.ioptexplorer.app.export.MomentOpener;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.stage.ClickerKeys;
import io.ioptexplorer.app.stage.PresentationMode;
import io.ioptexplorer.app.stage.StageMenu;
import io.ioptexplorer.viewmodel.compare.PinnedMoment;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.ScenarioTour;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
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

    /** The parts of an open window that other parts (tests, the screenshot command) drive. */
    public record Parts(MainWindowView view, PresentationMode presentation, Exports exports, ExportMenu exportMenu,
            CompareMenu compare) {
    }

    private MainWindow() {
    }

    public static MainWindowView open(Stage stage, SettingsStore settings) {
        return build(stage, settings, null).view();
    }

    /**
     * Opens the window on the default tour, or on {@code startFile}: a topology path, {@code sample:NAME}, or a
     * moment file ({@code .iopt-moment}).
     */
    public static Parts build(Stage stage, SettingsStore settings, String startFile) {
        MainWindowViewModel viewModel = new MainWindowViewModel(settings);
        ScenarioViewModel scenario = new ScenarioViewModel(SIMULATION, Platform::runLater);
        MainWindowView view = new MainWindowView(viewModel, scenario);
        view.openSample(SampleCatalog.defaultName());
        ThemeStyles.apply(viewModel.getTheme());
        viewModel.themeProperty().addListener((obs, old, now) -> ThemeStyles.apply(now));

        Scene scene = new Scene(view.root(), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/ioptexplorer/app/app.css").toExternalForm());
        view.installShortcuts(scene);

        PresentationViewModel presentation = new PresentationViewModel(new ScenarioTour(scenario), settings);
        PresentationMode mode = new PresentationMode(stage, scene, view, presentation,
                () -> ThemeStyles.apply(viewModel.getTheme()));
        ClickerKeys.install(stage, mode);
        presentation.messageProperty().addListener((o, a, b) -> view.showStatus(b));
        Exports exports = new Exports(scene, scenario,
                () -> view.scenarioView().stepList().getSelectionModel().getSelectedIndex());
        ExportMenu exportMenu = new ExportMenu(exports, view, stage);
        view.addToToolbar(StageMenu.of(mode));
        view.addToToolbar(exportMenu.button());
        CompareMenu compare = new CompareMenu(view, new PinnedMoment(scenario), SIMULATION);
        view.addToToolbar(compare.button());
        scene.getAccelerators().put(CompareMenu.PIN_SHORTCUT, compare::pin);
        scene.getAccelerators().put(CompareMenu.DIFF_SHORTCUT, compare::compareWithNow);
        scene.getAccelerators().put(ExportMenu.PNG_SHORTCUT, exportMenu::saveWindowPng);

        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        if (startFile != null) {
            openStartFile(startFile, view);
        }
        return new Parts(view, mode, exports, exportMenu, compare);
    }

    private static void openStartFile(String file, MainWindowView view) {
        if (Exports.isMoment(file)) {
            MomentOpener.open(Path.of(file), view);
        } else if (file.startsWith("sample:")) {
            String name = file.substring("sample:".length());
            if (SampleCatalog.text(name).isEmpty()) {
                view.showStatus("No bundled sample is named '" + name + "'; showing the default tour");
            }
            view.openSample(name);
        } else {
            view.scenario().loadFile(Path.of(file));
        }
    }
}
