package io.ioptexplorer.app.main;

import io.ioptexplorer.app.inspector.EventInspectorView;
import io.ioptexplorer.app.log.EventLogView;
import io.ioptexplorer.app.timeline.TimelineStripView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.inspector.InspectorViewModel;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.log.EventLogViewModel;
import io.ioptexplorer.viewmodel.timeline.TimelineStripViewModel;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Builds the main window on a stage: the live machine, the view models, the views and the scene, wired together. */
public final class MainWindow {
    /** Fits a 1600x1000 screen with room for the desktop's panels. */
    public static final double DEFAULT_WIDTH = 1520;
    public static final double DEFAULT_HEIGHT = 900;

    private MainWindow() {
    }

    public static MainWindowView open(Stage stage, SettingsStore settings) {
        return open(stage, settings, null);
    }

    /** Opens the window on {@code file} (a path or sample:NAME, from the command line), else on the default tour. */
    public static MainWindowView open(Stage stage, SettingsStore settings, String file) {
        MainWindowViewModel viewModel = new MainWindowViewModel(settings);
        LiveSession session = new LiveSession(new FrameExecutor().start());
        ScenarioViewModel scenario = new ScenarioViewModel(session, new Focus());
        InspectorViewModel inspector = new InspectorViewModel(session);
        EventLogView log = new EventLogView(new EventLogViewModel(session, scenario.focus()));
        TimelineStripView strip = new TimelineStripView(new TimelineStripViewModel(session, scenario.focus()));
        MainWindowView view = new MainWindowView(viewModel, scenario, settings, log, strip);
        view.layout().addInspectorSection("Event", new EventInspectorView(inspector).root());
        view.openSample(SampleCatalog.defaultName());
        if (file != null && file.startsWith("sample:")) {
            view.openSample(file.substring("sample:".length()));
        } else if (file != null) {
            view.openPath(Path.of(file));
        }
        ThemeStyles.apply(viewModel.getTheme());
        viewModel.themeProperty().addListener((obs, old, now) -> ThemeStyles.apply(now));

        Scene scene = new Scene(view.root(), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/ioptexplorer/app/app.css").toExternalForm());
        view.installShortcuts(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        // Said again on the stage: a window manager may otherwise open it at its minimum size.
        stage.setWidth(DEFAULT_WIDTH);
        stage.setHeight(DEFAULT_HEIGHT);
        stage.setOnHidden(e -> session.close());
        stage.show();
        return view;
    }
}
