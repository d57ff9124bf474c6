package io.ioptexplorer.app.main;

import io.ioptexplorer.app.AppInfo;
import io.ioptexplorer.app.log.EventLogView;
import io.ioptexplorer.app.timeline.TimelineStripView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.scenario.ScenarioView;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.main.Theme;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The main window's nodes: menu bar and transport bar, the explorer's panes, the status bar. Bindings only;
 * behaviour lives in the view models.
 */
public final class MainWindowView {
    private final MainWindowViewModel viewModel;
    private final ScenarioViewModel scenario;
    private final BorderPane root = new BorderPane();
    private final ExplorerLayout layout;
    private final ScenarioView scenarioView;
    private final Commands commands;
    private final RecentFiles recent;

    private final EventLogView eventLog;
    private final TimelineStripView timelineStrip;

    public MainWindowView(MainWindowViewModel viewModel, ScenarioViewModel scenario, SettingsStore settings,
                          EventLogView eventLog, TimelineStripView timelineStrip) {
        this.viewModel = viewModel;
        this.eventLog = eventLog;
        this.timelineStrip = timelineStrip;
        this.scenario = scenario;
        this.recent = new RecentFiles(settings);
        scenarioView = new ScenarioView(scenario);
        layout = new ExplorerLayout(settings, scenarioView.machinePane(), scenarioView.stepsPane(), eventLog.root(),
                timelineStrip.root());
        layout.addTab("result-tab", "Result", scenarioView.resultPane());
        layout.addTab("bitmap-tab", "Dirty bitmap", scenarioView.bitmapPane());
        TrackingTabs.addTo(layout, scenario);
        commands = new Commands(this, scenario, viewModel, layout);
        VBox top = new VBox(commands.menuBar(recent), commands.toolBar());
        root.setTop(top);
        VBox centre = new VBox(scenarioView.header(), layout.root());
        VBox.setVgrow(layout.root(), Priority.ALWAYS);
        root.setCenter(centre);
        root.setBottom(statusBar());
        root.setId("main-root");
        acceptDroppedFiles();
    }

    public ScenarioViewModel scenario() {
        return scenario;
    }

    /** Where the other views plug in: tabs, inspector sections, the topology. */
    public ExplorerLayout layout() {
        return layout;
    }

    public EventLogView eventLog() {
        return eventLog;
    }

    public TimelineStripView timelineStrip() {
        return timelineStrip;
    }

    public Commands commands() {
        return commands;
    }

    public Button themeButton() {
        return commands.button("theme-button");
    }

    public Parent root() {
        return root;
    }

    /** Keyboard first: every command's keys work wherever the focus is, except while typing in a text field. */
    public void installShortcuts(Scene scene) {
        commands.installKeys(scene);
    }

    /** Opens a bundled sample; a sample that does not load shows its problems like any file. */
    public void openSample(String name) {
        SampleCatalog.text(name).ifPresent(text -> scenario.loadText(name, text));
    }

    /** Opens a file (File > Open, recent files, a dropped file, the command line); problems keep the scenario. */
    public boolean openPath(Path path) {
        boolean ok = scenario.loadFile(path);
        if (ok) {
            recent.add(path);
        }
        return ok;
    }

    void openFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a topology");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Topology files (*.yaml, *.yml)",
                "*.yaml", "*.yml"), new FileChooser.ExtensionFilter("All files", "*"));
        recent.paths().stream().findFirst().map(p -> p.toAbsolutePath().getParent()).map(Path::toFile)
                .filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        File f = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            openPath(f.toPath());
        }
    }

    private void acceptDroppedFiles() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean done = !files.isEmpty() && openPath(files.get(0).toPath());
            e.setDropCompleted(done);
            e.consume();
        });
    }

    private Region statusBar() {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(viewModel.statusMessageProperty());
        // One status line: the latest message from the scenario or the window wins.
        scenario.statusProperty().addListener((o, a, b) -> viewModel.statusMessageProperty().set(b));
        viewModel.statusMessageProperty().set(scenario.statusProperty().get());
        Label theme = new Label();
        theme.setId("status-theme");
        theme.textProperty().bind(viewModel.themeProperty().map(t -> t == Theme.DARK ? "Dark" : "Light"));
        Label version = new Label(AppInfo.NAME + " " + AppInfo.version());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(16, message, spacer, theme, version);
        bar.setId("status-bar");
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** Help: every command with its keys, from the same list the toolbar and menus are built from. */
    void showHelp() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.setTitle("About " + AppInfo.NAME);
        about.setHeaderText(AppInfo.NAME + " " + AppInfo.version() + " — Java " + System.getProperty("java.version")
                + ", JavaFX " + System.getProperty("javafx.runtime.version"));
        TextArea keys = new TextArea(commands.shortcutTable());
        keys.setId("help-shortcuts");
        keys.setEditable(false);
        keys.setPrefRowCount(24);
        keys.setPrefColumnCount(70);
        keys.setStyle("-fx-font-family: monospace");
        about.getDialogPane().setContent(new VBox(8, new Label("Keyboard shortcuts"), keys));
        about.setResizable(true);
        if (root.getScene() != null) {
            about.initOwner(root.getScene().getWindow());
        }
        about.show();
    }
}
