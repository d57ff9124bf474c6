package io.ioptexplorer.app.main;

import io.ioptexplorer.app.compare.CompareMenu;
import io.ioptexplorer.app.export.ExportMenu;
import io.ioptexplorer.app.export.Exports;
import io.ioptexplorer.app.export.MomentOpener;
import io.ioptexplorer.app.inspector.EventInspectorView;
import io.ioptexplorer.app.log.EventLogView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.stage.ClickerKeys;
import io.ioptexplorer.app.stage.PresentationMode;
import io.ioptexplorer.app.stage.StageKey;
import io.ioptexplorer.app.stage.StageMenu;
import io.ioptexplorer.app.timeline.TimelineStripView;
import io.ioptexplorer.viewmodel.compare.PinnedMoment;
import io.ioptexplorer.viewmodel.inspector.InspectorViewModel;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.log.EventLogViewModel;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.ScenarioTour;
import io.ioptexplorer.viewmodel.timeline.TimelineStripViewModel;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Builds the main window on a stage: the live machine, the view models, the views and the scene, wired together. */
public final class MainWindow {
    /** Fits a 1600x1000 screen with room for the desktop's panels. */
    public static final double DEFAULT_WIDTH = 1520;
    public static final double DEFAULT_HEIGHT = 880;

    /** The parts of an open window that other parts (tests, the screenshot command) drive. */
    public record Parts(MainWindowView view, PresentationMode presentation, Exports exports, ExportMenu exportMenu,
            CompareMenu compare) {
    }

    private MainWindow() {
    }

    /**
     * The default size, no larger than the screen leaves room for, centred: a window manager (openbox) shrinks a
     * window whose frame would cross the screen's edge down to its minimum size.
     */
    private static void placeOnScreen(Stage stage, double width, double height) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        boolean asked = width != DEFAULT_WIDTH || height != DEFAULT_HEIGHT; // an explicit size (screenshots) is kept
        double w = asked ? width : Math.min(width, screen.getWidth() - 40);
        double h = asked ? height : Math.min(height, screen.getHeight() - 80);
        stage.setWidth(w);
        stage.setHeight(h);
        stage.setX(screen.getMinX() + Math.max(0, (screen.getWidth() - stage.getWidth()) / 2));
        stage.setY(screen.getMinY() + Math.max(0, (screen.getHeight() - stage.getHeight() - 30) / 2));
        stage.setOnShown(e -> WindowSizeKeeper.keep(stage, w, h));
    }

    public static MainWindowView open(Stage stage, SettingsStore settings) {
        return open(stage, settings, null);
    }

    /**
     * Opens the window on {@code file} (a path, sample:NAME or a moment file, from the command line), else on the
     * default tour.
     */
    public static MainWindowView open(Stage stage, SettingsStore settings, String file) {
        return build(stage, settings, file).view();
    }

    public static Parts build(Stage stage, SettingsStore settings, String file) {
        return build(stage, settings, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** As {@link #build(Stage, SettingsStore, String)}, the window {@code width} by {@code height}. */
    public static Parts build(Stage stage, SettingsStore settings, String file, double width, double height) {
        MainWindowViewModel viewModel = new MainWindowViewModel(settings);
        LiveSession session = new LiveSession(new FrameExecutor().start());
        session.lowerMachinePriority(); // the window's threads first on a shared core (issue 11's frame time)
        ScenarioViewModel scenario = new ScenarioViewModel(session, new Focus());
        InspectorViewModel inspector = new InspectorViewModel(session);
        EventLogView log = new EventLogView(new EventLogViewModel(session, scenario.focus()));
        TimelineStripView strip = new TimelineStripView(new TimelineStripViewModel(session, scenario.focus()));
        MainWindowView view = new MainWindowView(viewModel, scenario, settings, log, strip);
        EventInspectorView eventInspector = new EventInspectorView(inspector);
        eventInspector.setOnGoToEntry(view.pageTables()::goToEvent);
        view.layout().addInspectorSection("Event", eventInspector.root());
        view.openSample(SampleCatalog.defaultName());
        ThemeStyles.apply(viewModel.getTheme());
        viewModel.themeProperty().addListener((obs, old, now) -> ThemeStyles.apply(now));

        Scene scene = new Scene(view.root(), width, height);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/ioptexplorer/app/app.css").toExternalForm());
        view.installShortcuts(scene);

        // Issue 14's parts: presentation mode, exports, compare.
        PresentationViewModel presentation = new PresentationViewModel(new ScenarioTour(scenario), settings);
        PresentationMode mode = new PresentationMode(stage, scene, view, presentation,
                () -> ThemeStyles.apply(viewModel.getTheme()));
        ClickerKeys.install(stage, mode);
        presentation.messageProperty().addListener((o, a, b) -> view.showStatus(b));
        Exports exports = new Exports(scene, scenario,
                () -> view.scenarioView().stepList().getSelectionModel().getSelectedIndex());
        ExportMenu exportMenu = new ExportMenu(exports, view, stage);
        CompareMenu compare = new CompareMenu(view, new PinnedMoment(scenario));
        view.addMenu(StageMenu.of(mode));
        view.addMenu(exportMenu.button());
        view.addMenu(compare.button());
        // Their keys join the window's commands (one key filter, one Help list); the presenter's keys are listed
        // from the same StageKey list ClickerKeys matches.
        Commands commands = view.commands();
        commands.register("export-png", "Save the window as PNG, as drawn (at the presentation scale when "
                + "presenting)", ExportMenu.PNG_SHORTCUT, exportMenu::saveWindowPng);
        commands.register("pin-moment", "Pin this moment", CompareMenu.PIN_SHORTCUT, compare::pin);
        commands.register("compare-pinned", "Compare the pinned moment with now (listed, and highlighted in the "
                + "views)", CompareMenu.DIFF_SHORTCUT, compare::compareWithNow);
        for (StageKey k : StageKey.values()) {
            commands.describe(k.keyText(), k.help());
        }
        view.story().label().addListener((o, a, b) -> view.showStatus(b));

        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(scene);
        placeOnScreen(stage, width, height);
        stage.setOnHidden(e -> session.close());
        stage.show();
        // The minimum size only once shown: set before, GTK under openbox opened the window at its minimum.
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        if (file != null) {
            openStartFile(file, view);
        }
        return new Parts(view, mode, exports, exportMenu, compare);
    }

    private static void openStartFile(String file, MainWindowView view) {
        if (Exports.isMoment(file)) {
            MomentOpener.open(Path.of(file), view);
        } else if (file.startsWith("sample:")) {
            view.openSample(file.substring("sample:".length()));
        } else {
            view.openPath(Path.of(file));
        }
    }
}
