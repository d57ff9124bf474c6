package io.ioptexplorer.app.main;

import io.ioptexplorer.app.stage.SecondaryPanes;

import io.ioptexplorer.app.AppInfo;
import io.ioptexplorer.app.controls.LayoutBoundary;
import io.ioptexplorer.app.pagetable.PageTableExplorerView;
import io.ioptexplorer.viewmodel.pagetable.LiveMachineReader;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.app.log.EventLogView;
import io.ioptexplorer.app.timeline.TimelineStripView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.scenario.ScenarioView;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.main.Theme;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.stage.StoryViewModel;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
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
import javafx.stage.Window;

/**
 * The main window's nodes: menu bar and transport bar, the explorer's panes, the status bar. Bindings only;
 * behaviour lives in the view models.
 */
public final class MainWindowView implements SecondaryPanes {
    /** A window less tall than this is short: its header and bars take less height (app.css, .short-window). */
    static final double SHORT_WINDOW = 900;
    private final MainWindowViewModel viewModel;
    private final ScenarioViewModel scenario;
    private final BorderPane root = new BorderPane();
    private final ExplorerLayout layout;
    private final ScenarioView scenarioView;
    private final Commands commands;
    private final RecentFiles recent;
    /** One step or the whole story: the lanes and the migration dashboard follow it. */
    private final StoryViewModel story = new StoryViewModel();
    /** The pinned moment's Dirty bits against now's while Compare highlights them; the bitmap and lanes mark them. */
    private final javafx.beans.property.ObjectProperty<io.ioptexplorer.viewmodel.compare.DirtyDifference>
            pinnedDirty = new javafx.beans.property.SimpleObjectProperty<>();

    private final EventLogView eventLog;
    private final PageTableViewModel pageTables;
    private final PageTableExplorerView pageTablesView;
    private final TimelineStripView timelineStrip;
    private final javafx.scene.control.ToolBar toolBar;
    private final javafx.scene.control.MenuBar menuBar;
    private final VBox top;
    private final Node header;
    private final Region statusBar;
    /** The side panes shown before presentation mode hid them, to bring back the same ones. */
    private final java.util.EnumSet<ExplorerLayout.Pane> shownBeforePresenting =
            java.util.EnumSet.noneOf(ExplorerLayout.Pane.class);

    public MainWindowView(MainWindowViewModel viewModel, ScenarioViewModel scenario, SettingsStore settings,
                          EventLogView eventLog, TimelineStripView timelineStrip) {
        this.viewModel = viewModel;
        this.eventLog = eventLog;
        this.timelineStrip = timelineStrip;
        this.scenario = scenario;
        this.recent = new RecentFiles(settings);
        scenarioView = new ScenarioView(scenario);
        layout = new ExplorerLayout(settings, scenarioView.machinePane(), scenarioView.stepsPane(), eventLog.root(),
                eventLog::heightForLines, timelineStrip.root());
        layout.addTab("result-tab", "Result", scenarioView.resultPane());
        layout.addTab("bitmap-tab", "Dirty bitmap", scenarioView.bitmapPane());
        pageTables = new PageTableViewModel(new LiveMachineReader(scenario.session(),
                javafx.application.Platform::runLater));
        pageTables.follow(scenario.focus());
        pageTablesView = new PageTableExplorerView(pageTables);
        javafx.scene.control.Tab pageTablesTab = layout.addTab("page-tables-tab", "Page tables",
                pageTablesView.root());
        // Each published moment, while the tab shows: re-read the page tables (at most one read in flight, the newest
        // moment wins). A hidden tree re-read at every frame rebuilt its rows and cost the window most of its frame
        // time while the 64 GiB sample played; the tab catches up when it is shown again.
        scenario.session().snapshotProperty().addListener((o, a, b) -> {
            if (pageTablesTab.isSelected()) {
                pageTables.refreshCoalesced();
            }
        });
        pageTablesTab.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                pageTables.refreshCoalesced();
            }
        });
        pageTablesView.setShowTab(() -> layout.tabs().getSelectionModel().select(pageTablesTab));
        scenarioView.setOnGoToEntry(this::goToEntry);
        scenarioView.pinnedDifferenceProperty().bind(pinnedDirty);
        // The entry inspector sits in the right-hand pane while the page tables show.
        Node entrySection = layout.addInspectorSection("Page-table entry", pageTablesView.inspectorNode());
        entrySection.setId("entry-section");
        entrySection.visibleProperty().bind(pageTablesTab.selectedProperty());
        entrySection.managedProperty().bind(pageTablesTab.selectedProperty());
        eventLog.setOnGoToEntry(pageTablesView::goToEvent);
        TrackingTabs.addTo(layout, scenario, story, pinnedDirty, this::goToEntry);
        commands = new Commands(this, scenario, viewModel, layout, story);
        toolBar = commands.toolBar();
        menuBar = commands.menuBar(recent);
        top = new VBox(menuBar, toolBar);
        root.setTop(top);
        header = scenarioView.header();
        VBox centre = new VBox(header, layout.root());
        VBox.setVgrow(layout.root(), Priority.ALWAYS);
        root.setCenter(centre);
        statusBar = statusBar();
        root.setBottom(statusBar);
        root.setId("main-root");
        // Below 900 px the header and the bars shrink (app.css, .short-window): at 1280x800 every pixel they keep
        // is taken from the page-table tree.
        root.heightProperty().addListener((o, a, h) -> {
            boolean isShort = h.doubleValue() > 0 && h.doubleValue() < SHORT_WINDOW;
            if (isShort != root.getStyleClass().contains("short-window")) {
                if (isShort) {
                    root.getStyleClass().add("short-window");
                } else {
                    root.getStyleClass().remove("short-window");
                }
            }
        });
        acceptDroppedFiles();
    }

    public ScenarioViewModel scenario() {
        return scenario;
    }

    /** Where the other views plug in: tabs, inspector sections, the topology. */
    /** The Page tables tab: tree, IOVA map, IOTLBs and entry inspector. */
    public PageTableExplorerView pageTables() {
        return pageTablesView;
    }

    public PageTableViewModel pageTablesViewModel() {
        return pageTables;
    }

    /**
     * "Go to the entry" from the Dirty bitmap tab or the lanes: HWPT -1 means the one the Page tables tab shows,
     * which it has not read yet if it was never shown: read first, then go.
     */
    private void goToEntry(int hwpt, long iova) {
        if (hwpt < 0 && pageTables.snapshotProperty().get() == null) {
            pageTables.refresh().thenRun(() -> javafx.application.Platform.runLater(() ->
                    pageTablesView.goToEntry(hwpt, iova)));
        } else {
            pageTablesView.goToEntry(hwpt, iova);
        }
    }

    /** Set by Compare while it highlights a pinned moment's differences (null: none). */
    public javafx.beans.property.ObjectProperty<io.ioptexplorer.viewmodel.compare.DirtyDifference>
            pinnedDirtyProperty() {
        return pinnedDirty;
    }

    public StoryViewModel story() {
        return story;
    }

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
    public ScenarioView scenarioView() {
        return scenarioView;
    }

    /** Adds another part's menu (presentation, export, compare) to the menu bar, with the same items and id. */
    public void addMenu(javafx.scene.control.MenuButton button) {
        javafx.scene.control.Menu menu = new javafx.scene.control.Menu(button.getText());
        menu.setId(button.getId());
        menu.getItems().setAll(button.getItems());
        menuBar.getMenus().add(menu);
    }

    /** The status line, for messages of other parts (exports, presentation). */
    public void showStatus(String message) {
        viewModel.statusMessageProperty().set(message);
    }

    /**
     * Presentation mode: menu, toolbar, status bar, header and the side panes (topology and steps, inspector, event
     * log and timeline) make way for the central views; the same panes come back afterwards.
     */
    @Override
    public void hideSecondaryPanes(boolean hide) {
        root.setTop(hide ? null : top);
        root.setBottom(hide ? null : statusBar);
        header.setVisible(!hide);
        header.setManaged(!hide);
        if (hide) {
            shownBeforePresenting.clear();
            for (ExplorerLayout.Pane p : ExplorerLayout.Pane.values()) {
                if (layout.isShown(p)) {
                    shownBeforePresenting.add(p);
                    layout.setShownForNow(p, false);
                }
            }
        } else {
            shownBeforePresenting.forEach(p -> layout.setShownForNow(p, true));
        }
    }

    public void installShortcuts(Scene scene) {
        commands.installKeys(scene);
        commands.register("find-iova", "Find an IOVA in the page tables (shows their tab first)",
                new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.F,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
                    layout.tabs().getTabs().stream().filter(t -> "page-tables-tab".equals(t.getId())).findFirst()
                            .ifPresent(t -> layout.tabs().getSelectionModel().select(t));
                    pageTablesView.focusFind();
                });
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

    /** Shows the platform's file dialog; tests replace only this edge (the dialog cannot run headless). */
    private Function<Window, File> fileDialog = this::showOpenDialog;

    void useFileDialog(Function<Window, File> dialog) {
        this.fileDialog = dialog;
    }

    private File showOpenDialog(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a topology");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Topology files (*.yaml, *.yml)",
                "*.yaml", "*.yml"), new FileChooser.ExtensionFilter("All files", "*"));
        recent.paths().stream().findFirst().map(p -> p.toAbsolutePath().getParent()).map(Path::toFile)
                .filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        return chooser.showOpenDialog(owner);
    }

    void openFile() {
        File f = fileDialog.apply(root.getScene() == null ? null : root.getScene().getWindow());
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
        // Its message changes at every frame of a play: laid out on its own, not with the whole window (issue 11).
        return new LayoutBoundary(bar);
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
