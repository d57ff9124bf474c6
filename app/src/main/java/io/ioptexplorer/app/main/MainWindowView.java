package io.ioptexplorer.app.main;

import io.ioptexplorer.app.AppInfo;
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

    private final MainWindowViewModel viewModel;
    private final BorderPane root = new BorderPane();
    private final Button themeButton;
    private final Button aboutButton;

    public MainWindowView(MainWindowViewModel viewModel) {
        this.viewModel = viewModel;
        themeButton = toolButton("theme-button", "Theme", new FontIcon(MaterialDesignT.THEME_LIGHT_DARK),
                "Switch between the light and dark theme (" + THEME_SHORTCUT.getDisplayText() + ")");
        themeButton.setOnAction(e -> viewModel.toggleTheme());
        aboutButton = toolButton("about-button", "About", new FontIcon(MaterialDesignI.INFORMATION_OUTLINE),
                "About IOPT Explorer and its keyboard shortcuts (" + ABOUT_SHORTCUT.getDisplayText() + ")");
        aboutButton.setOnAction(e -> showAbout());

        ToolBar toolBar = new ToolBar(themeButton, aboutButton);
        toolBar.setId("main-toolbar");
        root.setTop(toolBar);
        root.setCenter(welcome());
        root.setBottom(statusBar());
        root.setId("main-root");
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

    private Region welcome() {
        Label heading = new Label(AppInfo.NAME);
        heading.getStyleClass().add("welcome-title");
        Label body = new Label("A live simulation of IOMMU page tables, DMA dirty tracking and the VFIO live-migration "
                + "loop: how the kernel learns which guest pages a passthrough device wrote, and what each tracker, "
                + "page size and invalidation costs.");
        body.setWrapText(true);
        body.getStyleClass().add("welcome-body");
        VBox box = new VBox(16, heading, body);
        box.setId("welcome");
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMaxWidth(900);
        box.setPadding(new Insets(48));
        BorderPane holder = new BorderPane(box);
        return holder;
    }

    private Region statusBar() {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(viewModel.statusMessageProperty());
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
                + THEME_SHORTCUT.getDisplayText() + "\tswitch light / dark theme\n"
                + ABOUT_SHORTCUT.getDisplayText() + "\tthis window");
        if (root.getScene() != null) {
            about.initOwner(root.getScene().getWindow());
        }
        about.show();
    }
}
