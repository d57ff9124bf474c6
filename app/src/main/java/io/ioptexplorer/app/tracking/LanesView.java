package io.ioptexplorer.app.tracking;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.tracking.LaneColors;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
    private final ComboBox<String> migrations = new ComboBox<>();
    /** True while the chooser is refilled from a snapshot: its events then are not the user's choice. */
    private boolean updatingChooser;
    private final ListView<String> picked = new ListView<>();
    private double dragX = Double.NaN;

    public LanesView(LanesViewModel vm) {
        this.vm = vm;
        this.canvas = new LanesCanvas(vm);
        root.setId("lanes-view");
        root.setTop(controls());
        Pane holder = new Pane(canvas);
        holder.setMinSize(0, 0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        root.setCenter(holder);
        picked.setId("picked-page");
        picked.setPrefHeight(150);
        picked.setPlaceholder(new Label("Click a page in any lane to see which trackers reported it, sync by sync."));
        root.setBottom(picked);
        vm.pickedPageProperty().addListener((o, a, b) -> picked.getItems().setAll(b));
        for (Observable p : new Observable[] {vm.snapshotProperty(), vm.fromProperty(), vm.toProperty(),
                vm.smallMultiplesProperty(), vm.migrationProperty(), vm.roundProperty(), canvas.widthProperty(),
                canvas.heightProperty(), StageScale.property()}) {
            p.addListener(o -> canvas.redraw());
        }
        vm.snapshotProperty().addListener(o -> refreshMigrations());
        vm.migrationProperty().addListener(o -> refreshMigrations());
        wireMouse();
        refreshMigrations();
        canvas.redraw();
    }

    public Region root() {
        return root;
    }

    LanesCanvas canvas() {
        return canvas;
    }

    private VBox controls() {
        migrations.setId("lanes-migration");
        migrations.setOnAction(e -> {
            int i = migrations.getSelectionModel().getSelectedIndex();
            if (!updatingChooser && i >= 0 && i != vm.migrationProperty().get()) {
                vm.selectMigration(i);
            }
        });
        CheckBox multiples = new CheckBox("rounds side by side");
        multiples.setId("lanes-multiples");
        multiples.selectedProperty().bindBidirectional(vm.smallMultiplesProperty());
        Button in = new Button("Zoom in");
        in.setId("lanes-zoom-in");
        in.setOnAction(e -> vm.zoom(0.25, 0.5));
        Button out = new Button("Zoom out");
        out.setOnAction(e -> vm.zoom(4, 0.5));
        Button all = new Button("All memory");
        all.setOnAction(e -> vm.showAll());
        Label window = new Label();
        window.setId("lanes-window");
        window.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(
                "GPA 0x%x – 0x%x (%,d pages)", vm.fromProperty().get() << 12, vm.toProperty().get() << 12,
                vm.toProperty().get() - vm.fromProperty().get()), vm.fromProperty(), vm.toProperty()));
        migrations.setMinWidth(220);
        // Wrapping rows: at the presentation scale the controls and the legend are wider than the view.
        FlowPane bar = new FlowPane(10, 6, new Label("Migration"), migrations, multiples, in, out, all, window);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (var n : bar.getChildren()) {
            if (n instanceof Region r && n != migrations) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        FlowPane legend = new FlowPane(16, 4, legend("reported and written", LaneColors.TRUE_POSITIVE),
                legend("false positive: reported, never written", LaneColors.FALSE_POSITIVE),
                legend("false negative: written, never reported (lost)", LaneColors.FALSE_NEGATIVE),
                legend("written (ground truth)", LaneColors.WRITTEN),
                new Label("Scroll to zoom, drag to pan, click a page to trace it."));
        legend.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, bar, legend);
        top.setPadding(new Insets(8, 10, 8, 10));
        root.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS) {
                vm.zoom(0.5, 0.5);
            } else if (e.getCode() == KeyCode.MINUS) {
                vm.zoom(2, 0.5);
            }
        });
        return top;
    }

    private static HBox legend(String text, int argb) {
        Rectangle swatch = new Rectangle(12, 12, javafx.scene.paint.Color.web(LaneColors.web(argb)));
        HBox box = new HBox(4, swatch, new Label(text));
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void refreshMigrations() {
        var lanes = vm.snapshotProperty().get().lanes();
        var labels = FXCollections.<String>observableArrayList();
        for (var m : lanes) {
            labels.add("migration " + (m.ordinal() + 1) + " (" + m.result() + ")");
        }
        updatingChooser = true;
        try {
            if (!labels.equals(migrations.getItems())) {
                migrations.setItems(labels);
            }
            migrations.getSelectionModel().select(vm.migrationProperty().get());
        } finally {
            updatingChooser = false;
        }
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
            }
            canvas.requestFocus();
        });
    }
}
