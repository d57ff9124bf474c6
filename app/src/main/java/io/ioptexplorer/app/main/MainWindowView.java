package io.ioptexplorer.app.main;

import io.ioptexplorer.app.AppInfo;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.app.migration.MigrationDashboardView;
import io.ioptexplorer.app.scenario.ScenarioView;
import io.ioptexplorer.app.topology.TopologyDiagramView;
import io.ioptexplorer.app.tracking.LanesView;
import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import java.util.List;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.main.Theme;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/** The main window's nodes: toolbar, centre and status bar. Bindings only; behaviour lives in the view model. */
public final class MainWindowView {
    public static final KeyCombination THEME_SHORTCUT =
            new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination ABOUT_SHORTCUT = new KeyCodeCombination(KeyCode.F1);
    public static final KeyCombination OPEN_SHORTCUT = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination STEP_SHORTCUT = new KeyCodeCombination(KeyCode.RIGHT);
    public static final KeyCombination BACK_SHORTCUT = new KeyCodeCombination(KeyCode.LEFT);
    public static final KeyCombination RUN_SHORTCUT = new KeyCodeCombination(KeyCode.F5);
    public static final KeyCombination RESET_SHORTCUT = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);

    private final MainWindowViewModel viewModel;
    private final ScenarioViewModel scenario;
    private final BorderPane root = new BorderPane();
    private final TabPane central = new TabPane();
    private final Button themeButton;
    private final Button aboutButton;

    public MainWindowView(MainWindowViewModel viewModel, ScenarioViewModel scenario) {
        this.viewModel = viewModel;
        this.scenario = scenario;
        themeButton = toolButton("theme-button", "Theme", new FontIcon(MaterialDesignT.THEME_LIGHT_DARK),
                "Switch between the light and dark theme (" + THEME_SHORTCUT.getDisplayText() + ")");
        themeButton.setOnAction(e -> viewModel.toggleTheme());
        aboutButton = toolButton("about-button", "About", new FontIcon(MaterialDesignI.INFORMATION_OUTLINE),
                "About IOPT Explorer and its keyboard shortcuts (" + ABOUT_SHORTCUT.getDisplayText() + ")");
        aboutButton.setOnAction(e -> showAbout());

        Button openButton = toolButton("open-button", "Open…", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE),
                "Open a topology file (" + OPEN_SHORTCUT.getDisplayText() + ")");
        openButton.setOnAction(e -> openFile());
        MenuButton samples = new MenuButton("Samples", icon(new FontIcon(MaterialDesignB.BOOKSHELF)));
        samples.setId("samples-button");
        samples.setTooltip(new Tooltip("Open one of the bundled sample topologies"));
        for (String name : SampleCatalog.names()) {
            MenuItem item = new MenuItem(name);
            item.setOnAction(e -> openSample(name));
            samples.getItems().add(item);
        }
        Button stepButton = toolButton("step-button", "Step", new FontIcon(MaterialDesignS.STEP_FORWARD),
                "Run the next step (" + STEP_SHORTCUT.getDisplayText() + " or PageDown)");
        stepButton.setOnAction(e -> scenario.stepForward());
        Button backButton = toolButton("back-button", "Back", new FontIcon(MaterialDesignS.STEP_BACKWARD),
                "One step back: replays from the start with the same seed (" + BACK_SHORTCUT.getDisplayText()
                        + " or PageUp)");
        backButton.setOnAction(e -> scenario.stepBack());
        Button runButton = toolButton("run-button", "Run all", new FontIcon(MaterialDesignP.PLAY),
                "Run every remaining step (" + RUN_SHORTCUT.getDisplayText() + ")");
        runButton.setOnAction(e -> scenario.runToEnd());
        Button resetButton = toolButton("reset-button", "Reset", new FontIcon(MaterialDesignR.RESTART),
                "Back to before the first step, same seed (" + RESET_SHORTCUT.getDisplayText() + ")");
        resetButton.setOnAction(e -> scenario.reset());
        // Step and run are offered only when there is a step to run and none is running.
        var noneLeft = Bindings.createBooleanBinding(() -> !scenario.canStep(), scenario.nextStepProperty(),
                scenario.busyProperty(), scenario.steps());
        stepButton.disableProperty().bind(noneLeft);
        runButton.disableProperty().bind(noneLeft);
        resetButton.disableProperty().bind(scenario.busyProperty());
        backButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !scenario.canStepBack(),
                scenario.nextStepProperty(), scenario.busyProperty(), scenario.steps()));

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        ToolBar toolBar = new ToolBar(openButton, samples, new Separator(Orientation.VERTICAL), backButton, stepButton, runButton,
                resetButton, gap, themeButton, aboutButton);
        toolBar.setId("main-toolbar");
        root.setTop(toolBar);
        root.setCenter(centralTabs());
        root.setBottom(statusBar());
        root.setId("main-root");
    }

    /**
     * The central area: the scenario, every tracker's lanes against the truth, and the migration dashboard, all fed
     * by the scenario's tracking snapshots (never the live machine).
     */
    private TabPane centralTabs() {
        LanesViewModel lanesVm = new LanesViewModel();
        MigrationDashboardViewModel dashboardVm = new MigrationDashboardViewModel();
        FsmViewModel fsmVm = new FsmViewModel();
        TopologyDiagramViewModel topologyVm = new TopologyDiagramViewModel();
        for (var target : List.of(lanesVm.snapshotProperty(), dashboardVm.snapshotProperty(),
                fsmVm.snapshotProperty(), topologyVm.snapshotProperty())) {
            target.bind(scenario.tracking().snapshotProperty());
        }
        Tab scenarioTab = new Tab("Scenario", new ScenarioView(scenario).root());
        Tab lanesTab = new Tab("Dirty lanes", new LanesView(lanesVm).root());
        lanesTab.setId("lanes-tab");
        MigrationDashboardView dashboard = new MigrationDashboardView(dashboardVm, fsmVm, (migration, iova) -> {
            lanesVm.focusPage(migration, iova, 4096);
            central.getSelectionModel().select(lanesTab);
        });
        Tab migrationTab = new Tab("Migration", dashboard.root());
        migrationTab.setId("migration-tab");
        Tab topologyTab = new Tab("Topology", new TopologyDiagramView(topologyVm).root());
        topologyTab.setId("topology-tab");
        central.getTabs().setAll(scenarioTab, topologyTab, lanesTab, migrationTab);
        central.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        central.setId("central-tabs");
        return central;
    }

    public TabPane centralTabPane() {
        return central;
    }

    public ScenarioViewModel scenario() {
        return scenario;
    }

    public Button themeButton() {
        return themeButton;
    }

    public Parent root() {
        return root;
    }

    /** Keyboard first: every toolbar command has a shortcut. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(THEME_SHORTCUT, viewModel::toggleTheme);
        scene.getAccelerators().put(ABOUT_SHORTCUT, this::showAbout);
        scene.getAccelerators().put(OPEN_SHORTCUT, this::openFile);
        // Stepping keys work wherever the focus is (a list would otherwise take the arrows): a filter, not an
        // accelerator. A presenter's clicker sends PageDown / PageUp.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown() || e.getTarget() instanceof TextInputControl) {
                return;
            }
            if (e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.PAGE_DOWN) {
                scenario.stepForward();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.PAGE_UP) {
                scenario.stepBack();
                e.consume();
            }
        });
        scene.getAccelerators().put(RUN_SHORTCUT, scenario::runToEnd);
        scene.getAccelerators().put(RESET_SHORTCUT, scenario::reset);
    }

    private static FontIcon icon(FontIcon icon) {
        icon.setIconSize(20);
        return icon;
    }

    /** Opens a bundled sample; a sample that does not load shows its problems like any file. */
    public void openSample(String name) {
        SampleCatalog.text(name).ifPresent(text -> scenario.loadText(name, text));
    }

    private void openFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a topology");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Topology files (*.yaml, *.yml)",
                "*.yaml", "*.yml"), new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            scenario.loadFile(f.toPath());
        }
    }

    private static Button toolButton(String id, String text, FontIcon icon, String tooltip) {
        icon.setIconSize(20);
        Button b = new Button(text, icon);
        b.setId(id);
        b.setTooltip(new Tooltip(tooltip));
        b.setFocusTraversable(true);
        b.setAccessibleText(tooltip);
        return b;
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

    private void showAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.setTitle("About " + AppInfo.NAME);
        about.setHeaderText(AppInfo.NAME + " " + AppInfo.version());
        about.setContentText("Java " + System.getProperty("java.version") + ", JavaFX "
                + System.getProperty("javafx.runtime.version") + "\n\nKeyboard shortcuts\n"
                + OPEN_SHORTCUT.getDisplayText() + "\topen a topology file\n"
                + STEP_SHORTCUT.getDisplayText() + " / PageDown\trun the next step\n"
                + BACK_SHORTCUT.getDisplayText() + " / PageUp\tone step back (replay, same seed)\n"
                + RUN_SHORTCUT.getDisplayText() + "\trun every remaining step\n"
                + RESET_SHORTCUT.getDisplayText() + "\tback to the start (same seed)\n"
                + THEME_SHORTCUT.getDisplayText() + "\tswitch light / dark theme\n"
                + ABOUT_SHORTCUT.getDisplayText() + "\tthis window");
        if (root.getScene() != null) {
            about.initOwner(root.getScene().getWindow());
        }
        about.show();
    }
}
