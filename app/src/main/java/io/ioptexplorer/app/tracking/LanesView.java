package io.ioptexplorer.app.tracking;

import io.ioptexplorer.app.migration.MigrationChooser;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import io.ioptexplorer.viewmodel.tracking.PageTrace;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * Every tracker's report against the ground truth, sync by sync: the lanes canvas with its controls (migration,
 * rounds side by side or one, zoom), a legend, and what the picked page went through.
 */
public final class LanesView {
    private final LanesViewModel vm;
    private final BorderPane root = new BorderPane();
    private final LanesCanvas canvas;
    private final MigrationChooser migrations;
    private final ListView<PageTrace.Line> picked = new ListView<>();
    /** The picked page's trace, collapsible; it yields its height to the lanes (see {@link CanvasFirstColumn}). */
    private final TitledPane trace = new TitledPane();
    private final Region body;
    private int laidOutRows = -1;
    /** Where a trace line with a moment takes the focus (the explorer wires its Focus here). */
    private Consumer<Moment> goTo = m -> { };
    /** "Go to the entry" of a picked page's IOVA (the page-table tab); GPA = IOVA in the lanes. */
    private LongConsumer goToEntry = iova -> { };
    private final ContextMenu pageMenu = new ContextMenu();
    private double dragX = Double.NaN;

    public LanesView(LanesViewModel vm) {
        this.vm = vm;
        this.canvas = new LanesCanvas(vm);
        this.migrations = new MigrationChooser("lanes-migration", i -> {
            if (i != vm.migrationProperty().get()) {
                vm.selectMigration(i);
            }
        });
        root.setId("lanes-view");
        root.setTop(controls());
        Pane holder = new Pane(canvas) {
            // the lanes' own heights: all rows with figures (preferred), all rows compact (minimum)
            @Override
            protected double computeMinHeight(double width) {
                return canvas.minHeight(width);
            }

            @Override
            protected double computePrefHeight(double width) {
                return canvas.prefHeight(width);
            }

            @Override
            protected double computeMaxHeight(double width) {
                return canvas.maxHeight(width);
            }
        };
        holder.setMinWidth(0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        Tooltip.install(canvas, new Tooltip("Scroll to zoom, drag to pan, click a page to trace it"));
        picked.setId("picked-page");
        picked.setMinHeight(0);
        picked.prefHeightProperty().bind(StageScale.property().multiply(150));
        picked.setPlaceholder(new Label("Click a page in any lane to trace it: the writes that dirtied it, the syncs "
                + "that read it, and where it was lost. Click a line to go to its moment. Scroll to zoom, drag to "
                + "pan."));
        ((Label) picked.getPlaceholder()).setWrapText(true);
        picked.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PageTrace.Line l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : (l.moment() == null ? "" : "→ ") + l.text());
            }
        });
        picked.setOnMouseClicked(e -> {
            PageTrace.Line l = picked.getSelectionModel().getSelectedItem();
            if (l != null && l.moment() != null) {
                goTo.accept(l.moment());
            }
        });
        trace.setId("page-trace");
        trace.setContent(picked);
        trace.setAnimated(false);
        trace.setText("Page trace");
        root.setCenter(new CanvasFirstColumn(holder, trace));
        body = holder;
        vm.pickedPageProperty().addListener((o, a, b) -> {
            picked.getItems().setAll(b);
            trace.setText(b.isEmpty() ? "Page trace" : "Page trace: " + b.get(0).text());
        });
        for (Observable p : new Observable[] {vm.snapshotProperty(), vm.fromProperty(), vm.toProperty(),
                vm.smallMultiplesProperty(), vm.migrationProperty(), vm.roundProperty(),
                vm.pinnedDifferenceProperty(), canvas.widthProperty(),
                canvas.heightProperty(), StageScale.property()}) {
            p.addListener(o -> {
                vm.maxColumnsProperty().set(canvas.columnsThatFit());
                canvas.redraw();
                if (canvas.rows() != laidOutRows) { // more or fewer lanes: their heights change
                    laidOutRows = canvas.rows();
                    body.requestLayout();
                }
            });
        }
        vm.snapshotProperty().addListener(o -> refreshMigrations());
        vm.migrationProperty().addListener(o -> refreshMigrations());
        wireMouse();
        refreshMigrations();
        vm.maxColumnsProperty().set(canvas.columnsThatFit());
        canvas.redraw();
    }

    public Region root() {
        return root;
    }

    /** Where clicking a traced line with a moment goes. */
    public void setGoTo(Consumer<Moment> goTo) {
        this.goTo = goTo;
    }

    /** Where "Go to the entry" of a right-clicked page goes. */
    public void setOnGoToEntry(LongConsumer go) {
        this.goToEntry = go == null ? iova -> { } : go;
    }

    LanesCanvas canvas() {
        return canvas;
    }

    private VBox controls() {
        CheckBox multiples = new CheckBox("side by side");
        multiples.setId("lanes-multiples");
        multiples.setTooltip(new Tooltip("Every round of the migration side by side (the newest, as many as have room), or only the latest (W)"));
        multiples.selectedProperty().bindBidirectional(vm.smallMultiplesProperty());
        Button in = iconButton(MaterialDesignM.MAGNIFY_PLUS_OUTLINE, "Zoom in (+, or scroll)");
        in.setId("lanes-zoom-in");
        in.setOnAction(e -> vm.zoom(0.25, 0.5));
        Button out = iconButton(MaterialDesignM.MAGNIFY_MINUS_OUTLINE, "Zoom out (-, or scroll)");
        out.setId("lanes-zoom-out");
        out.setOnAction(e -> vm.zoom(4, 0.5));
        Button all = new Button("All");
        all.setId("lanes-all-memory");
        all.setTooltip(new Tooltip("Show all guest memory"));
        all.setOnAction(e -> vm.showAll());
        Label window = new Label();
        window.setId("lanes-window");
        window.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "GPA "
                + IovaMath.hex(vm.fromProperty().get() << 12) + " – " + IovaMath.hex(vm.toProperty().get() << 12)
                + String.format(" (%,d pages)", vm.toProperty().get() - vm.fromProperty().get()), vm.fromProperty(),
                vm.toProperty()));
        // wraps like the legend: a row of fixed-width controls would make the tab wider than the window shows
        FlowPane bar = new FlowPane(8, 4, migrations.root(), multiples, in, out, all, window);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinWidth(0);
        for (var n : bar.getChildren()) {
            if (n instanceof Region r && n != migrations.root()) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        FlowPane legend = new FlowPane(14, 2, legend("reported, written", LaneColors.TRUE_POSITIVE),
                legend("false positive: never written", LaneColors.FALSE_POSITIVE),
                legend("false negative: lost", LaneColors.FALSE_NEGATIVE),
                legend("written (ground truth)", LaneColors.WRITTEN), pinnedLegend());
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.setMinWidth(0);
        legend.setId("lanes-legend"); // wraps rather than cuts its last entries at 1600 px or in presentation mode
        VBox top = new VBox(4, bar, legend);
        top.setPadding(new Insets(6, 10, 4, 10));
        top.setMinHeight(Region.USE_PREF_SIZE);
        root.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS) {
                vm.zoom(0.5, 0.5);
            } else if (e.getCode() == KeyCode.MINUS) {
                vm.zoom(2, 0.5);
            }
        });
        return top;
    }

    private static Button iconButton(org.kordamp.ikonli.Ikon ikon, String tip) {
        FontIcon icon = new FontIcon(ikon);
        icon.setIconSize(18);
        Button b = new Button(null, icon);
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        return b;
    }

    /** Shown while Compare highlights a pinned moment: which pages the last row marks. */
    private HBox pinnedLegend() {
        HBox box = legend("", LaneColors.DIFFERS_FROM_PIN);
        box.setId("lanes-legend-pinned");
        ((Label) box.getChildren().get(1)).textProperty().bind(vm.pinnedDifferenceProperty().map(d ->
                "Dirty bit after step " + d.nowStep() + " ≠ at pinned step " + d.pinnedStep() + " ("
                        + String.format("%,d", d.changed().cardinality()) + " pages, last row)").orElse(""));
        box.visibleProperty().bind(vm.pinnedDifferenceProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static HBox legend(String text, int argb) {
        Rectangle swatch = new Rectangle(12, 12, javafx.scene.paint.Color.web(LaneColors.web(argb)));
        swatch.widthProperty().bind(StageScale.property().multiply(12));
        swatch.heightProperty().bind(StageScale.property().multiply(12));
        HBox box = new HBox(4, swatch, new Label(text));
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void refreshMigrations() {
        migrations.show(vm.migrationLabels(), vm.migrationProperty().get());
    }

    private void wireMouse() {
        canvas.setOnScroll(e -> {
            int cols = vm.shownRounds().size();
            int c = canvas.columnAt(e.getX(), cols);
            if (c < 0 || e.getDeltaY() == 0) {
                return;
            }
            double anchor = (e.getX() - canvas.columnX(c, cols)) / canvas.columnWidth(cols);
            vm.zoom(e.getDeltaY() > 0 ? 0.5 : 2, anchor);
        });
        canvas.setOnMousePressed(e -> dragX = e.getX());
        canvas.setOnMouseDragged(e -> {
            int cols = Math.max(1, vm.shownRounds().size());
            if (!Double.isNaN(dragX)) {
                vm.pan((dragX - e.getX()) / canvas.columnWidth(cols));
                dragX = e.getX();
            }
        });
        canvas.setOnMouseClicked(e -> {
            if (!e.isStillSincePress()) {
                return;
            }
            int cols = vm.shownRounds().size();
            int c = canvas.columnAt(e.getX(), cols);
            if (c >= 0) {
                vm.pick((int) (e.getX() - canvas.columnX(c, cols)), canvas.columnWidth(cols));
                if (e.getButton() == MouseButton.SECONDARY && vm.pickedFrame() >= 0) {
                    long iova = vm.pickedFrame() << 12;
                    MenuItem go = new MenuItem("Go to the entry of IOVA " + IovaMath.hex(iova));
                    go.setId("lanes-go-to-entry");
                    go.setMnemonicParsing(false);
                    go.setOnAction(x -> goToEntry.accept(iova));
                    pageMenu.getItems().setAll(go);
                    pageMenu.show(canvas, e.getScreenX(), e.getScreenY());
                }
            }
            canvas.requestFocus();
        });
    }
}
