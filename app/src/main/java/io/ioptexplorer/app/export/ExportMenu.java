package io.ioptexplorer.app.export;

import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.export.Moment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/** The toolbar's "Export" menu: a file chooser in front of each of {@link Exports}; the outcome goes to the status line. */
public final class ExportMenu {
    public static final KeyCombination PNG_SHORTCUT =
            new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    private final Exports exports;
    private final MainWindowView view;
    private final Window window;

    public ExportMenu(Exports exports, MainWindowView view, Window window) {
        this.exports = exports;
        this.view = view;
        this.window = window;
    }

    public MenuButton button() {
        MenuItem png = item("The window as PNG…\t" + PNG_SHORTCUT.getDisplayText(), this::saveWindowPng);
        png.setId("export-window-png");
        MenuItem result = item("The result view as PNG…", () -> saveViewPng("result", "#step-detail"));
        MenuItem steps = item("The step list as PNG…", () -> saveViewPng("steps", "#step-list"));
        MenuItem rounds = item("Migration rounds as CSV…", () -> save("rounds", ".csv", exports::roundsCsv));
        MenuItem lanes = item("The dirty lanes as CSV (every sync, lane and page)…", () -> save("lanes", ".csv",
                exports::lanesCsv));
        lanes.setId("export-lanes-csv");
        MenuItem dashboard = item("The migration dashboard's rounds as CSV…", () -> save("migration-rounds", ".csv",
                exports::migrationRoundsCsv));
        dashboard.setId("export-migration-rounds-csv");
        MenuItem bitmap = item("The selected step's bitmap as CSV…", () -> save("bitmap", ".csv",
                exports::bitmapCsv));
        MenuItem json = item("The JSON report of this run…", this::saveJson);
        MenuItem moment = item("This moment (file, seed, step, selection)…", () -> save("moment",
                Moment.EXTENSION, exports::moment));
        MenuItem open = item("Open a moment…", this::openMoment);
        FontIcon icon = new FontIcon(MaterialDesignE.EXPORT);
        icon.setIconSize(20);
        MenuButton menu = new MenuButton("Export", icon, png, result, steps, new SeparatorMenuItem(), rounds, lanes,
                dashboard, bitmap, json, new SeparatorMenuItem(), moment, open);
        menu.setId("export-button");
        menu.setTooltip(new Tooltip("Pictures, CSV, the JSON report, or a moment to reopen"));
        return menu;
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> action.run());
        return m;
    }

    public void saveWindowPng() {
        save("window", ".png", exports::windowPng);
    }

    private void saveViewPng(String name, String selector) {
        Node node = view.root().lookup(selector);
        if (node == null || !node.isVisible() || node.getScene() == null) {
            view.showStatus("Not exported: the " + name + " view is not on screen (leave presentation mode?)");
            return;
        }
        save(name, ".png", f -> exports.viewPng(node, f));
    }

    private void saveJson() {
        Path f = choose("report", ".json");
        if (f != null) {
            exports.jsonReport(f).whenComplete((ok, err) -> javafx.application.Platform.runLater(() ->
                    view.showStatus(err == null ? "Saved the JSON report to " + f : "Not exported: "
                            + (err.getCause() != null ? err.getCause().getMessage() : err.getMessage()))));
        }
    }

    private void openMoment() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a moment");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Moments (*" + Moment.EXTENSION + ")",
                "*" + Moment.EXTENSION));
        File f = chooser.showOpenDialog(window);
        if (f != null) {
            MomentOpener.open(f.toPath(), view);
        }
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private void save(String what, String extension, Writer writer) {
        Path f = choose(what, extension);
        if (f == null) {
            return;
        }
        try {
            writer.write(f);
            view.showStatus("Saved " + f);
        } catch (IOException | RuntimeException e) {
            view.showStatus("Not exported to " + f + ": " + e.getMessage());
        }
    }

    private Path choose(String what, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + what);
        chooser.setInitialFileName("iopt-" + what + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + extension);
        File f = chooser.showSaveDialog(window);
        return f == null ? null : f.toPath();
    }
}
