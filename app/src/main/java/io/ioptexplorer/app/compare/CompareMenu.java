package io.ioptexplorer.app.compare;

import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import io.ioptexplorer.viewmodel.compare.PinnedMoment;
import io.ioptexplorer.viewmodel.compare.ReportDiff;
import java.util.List;
import javafx.application.Platform;
import io.ioptexplorer.app.stage.StageScale;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** The toolbar's "Compare" menu: pin a moment and compare it with now, or two runs side by side. */
public final class CompareMenu {
    public static final KeyCombination PIN_SHORTCUT = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination DIFF_SHORTCUT =
            new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    private final MainWindowView view;
    private final PinnedMoment pin;
    private final ListView<String> changes = new ListView<>();

    public CompareMenu(MainWindowView view, PinnedMoment pin) {
        this.view = view;
        this.pin = pin;
        changes.setId("pin-changes");
        // Another file or seed: the pinned moment's differences mean nothing there.
        view.scenario().sourceProperty().addListener((o, a, b) -> view.pinnedDirtyProperty().set(null));
        // Stepping on while highlighting: the lanes compare the pinned Dirty bits with the new moment's.
        view.scenario().nextStepProperty().addListener((o, a, b) -> refreshDirty());
    }

    private boolean dirtyReading;
    private boolean dirtyStale;

    /** Reads now's Dirty bits again (one read in flight; a step meanwhile asks for one more). */
    private void refreshDirty() {
        DirtyDifference d = view.pinnedDirtyProperty().get();
        if (d == null || d.nowStep() == view.scenario().nextStepProperty().get()) {
            return;
        }
        if (dirtyReading) {
            dirtyStale = true;
            return;
        }
        dirtyReading = true;
        pin.dirtyAgainstNow(d).whenComplete((now, err) -> Platform.runLater(() -> {
            dirtyReading = false;
            if (err == null && view.pinnedDirtyProperty().get() != null) { // not stopped meanwhile
                view.pinnedDirtyProperty().set(now);
            }
            if (dirtyStale) {
                dirtyStale = false;
                refreshDirty();
            }
        }));
    }

    public MenuButton button() {
        MenuItem pinItem = new MenuItem("Pin this moment\t" + PIN_SHORTCUT.getDisplayText());
        pinItem.setOnAction(e -> pin());
        MenuItem diff = new MenuItem("Compare the pinned moment with now\t" + DIFF_SHORTCUT.getDisplayText());
        diff.setOnAction(e -> compareWithNow());
        diff.disableProperty().bind(pin.pinnedProperty().lessThan(0));
        MenuItem stop = new MenuItem("Stop highlighting the pinned moment's differences");
        stop.setId("menu-compare-stop");
        stop.setOnAction(e -> stopHighlighting());
        stop.disableProperty().bind(view.pageTablesViewModel().baselineProperty().isNull());
        MenuItem runs = new MenuItem("Two runs side by side, one setting changed…");
        runs.setOnAction(e -> CompareLauncher.open(view));
        FontIcon icon = new FontIcon(MaterialDesignC.COMPARE_HORIZONTAL);
        icon.setIconSize(20);
        MenuButton menu = new MenuButton("Compare", icon, pinItem, diff, stop, new SeparatorMenuItem(), runs);
        menu.setId("compare-button");
        menu.setTooltip(new Tooltip("Pin a moment and compare it with now, or compare two runs"));
        return menu;
    }

    public void pin() {
        pin.pin();
        view.showStatus("Pinned the moment after step " + pin.pinnedProperty().get()
                + "; step on, then Compare → the pinned moment with now (" + DIFF_SHORTCUT.getDisplayText() + ")");
    }

    /** Lists every value of the machine's report that differs between the pinned moment and now. */
    public void compareWithNow() {
        if (pin.pinnedProperty().get() < 0) {
            view.showStatus("Nothing pinned: pin a moment first (" + PIN_SHORTCUT.getDisplayText() + ")");
            return;
        }
        int at = pin.pinnedProperty().get();
        int now = view.scenario().nextStepProperty().get();
        pin.compare().whenComplete((c, err) -> Platform.runLater(() -> {
            if (err != null) {
                view.showStatus("Not compared: " + (err.getCause() != null ? err.getCause() : err).getMessage());
                return;
            }
            // Highlighted in the views too: the page-table rows and IOTLB lines that differ from the pinned moment.
            view.pageTablesViewModel().compareWith(c.baseline());
            view.pinnedDirtyProperty().set(c.dirty()); // the Dirty bitmap tab and the lanes
            show(at, now, c.changes());
        }));
    }

    /** Back to marking what changed since the previous moment. */
    public void stopHighlighting() {
        view.pageTablesViewModel().compareWith(null);
        view.pinnedDirtyProperty().set(null);
        view.showStatus("The views mark what changed since the previous moment again");
    }

    private void show(int at, int now, List<ReportDiff.Change> list) {
        changes.getItems().setAll(list.stream().map(c -> c.path() + ":  " + (c.before().isEmpty() ? "—" : c.before())
                + "  →  " + (c.after().isEmpty() ? "—" : c.after())).toList());
        Alert dialog = new Alert(Alert.AlertType.INFORMATION);
        dialog.setTitle("Pinned moment against now");
        dialog.setHeaderText(list.isEmpty() ? "Nothing changed between step " + at + " and step " + now
                : list.size() + " values changed from step " + at + " to step " + now);
        Label marks = new Label("Leaves, table pages, splits, IOTLB and invalidations, migration figures. The views "
                + "now mark what differs from step " + at + ": tinted page-table rows, the inspector's bits set and "
                + "cleared, outlined IOTLB lines, outlined Dirty bitmap cells and a row of the Dirty lanes (Compare "
                + "→ Stop highlighting ends it).");
        marks.setWrapText(true);
        marks.setMinHeight(Region.USE_PREF_SIZE);
        // Pixel sizes do not follow the presentation scale as the em-sized text does: multiplied by it, within the
        // window (at 2x a fixed 760 px left the list no room under the text).
        double k = StageScale.get();
        Window owner = view.root().getScene() == null ? null : view.root().getScene().getWindow();
        double width = Math.min(760 * k, owner == null ? 760 * k : owner.getWidth() * 0.9);
        double height = Math.min(360 * k, owner == null ? 360 * k : owner.getHeight() * 0.45);
        changes.setPrefSize(width, height);
        marks.setPrefWidth(width);
        dialog.getDialogPane().setContent(new VBox(8 * k, marks, changes));

        dialog.setResizable(true);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        // the dialog's window kept 600 px at 2x, whatever its content asked, unless its minimum says otherwise
        if (dialog.getDialogPane().getScene().getWindow() instanceof javafx.stage.Stage w) {
            w.setMinWidth(width + 48 * k);
        }
        dialog.show();
        view.showStatus(list.size() + " values differ between the pinned step " + at + " and step " + now);
    }

    /** The last comparison's lines, for tests. */
    public ListView<String> changes() {
        return changes;
    }
}
