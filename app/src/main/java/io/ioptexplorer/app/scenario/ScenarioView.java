package io.ioptexplorer.app.scenario;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.explain.Why;
import java.util.List;
import java.util.Optional;

import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.app.controls.TextTable;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import io.ioptexplorer.viewmodel.live.BitmapPicture;
import io.ioptexplorer.viewmodel.live.Selection;
import java.util.function.BiConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import io.ioptexplorer.viewmodel.live.ResultField;
import io.ioptexplorer.viewmodel.live.RoundSummary;
import io.ioptexplorer.viewmodel.scenario.ComponentRow;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.geometry.Pos;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The open scenario's panes, placed by the explorer layout: title and tour caption ({@link #header()}), the machine
 * ({@link #machinePane()}), the steps ({@link #stepsPane()}), the selected step's results ({@link #resultPane()}) and
 * its dirty bitmap drawn ({@link #bitmapPane()}). Bindings only; the view model does the work.
 */
public final class ScenarioView {
    /** The share of the window's height the step caption may take (the rest of it scrolls). */
    static final double CAPTION_SHARE = 0.09;
    /** ...but never fewer lines than this. */
    static final int CAPTION_LEAST_LINES = 2;
    private final ScenarioViewModel vm;
    private final ListView<StepRow> stepList = new ListView<>();
    private final VBox detail = new VBox(10);
    private final VBox bitmapBox = new VBox(8);
    private final Node header;
    private final Node machine;
    private final Node stepsPane;
    private final Node resultPane;
    private final Node bitmapPane;
    /** The pinned moment's Dirty bits while Compare highlights them; the bitmap outlines the bits that differ. */
    private final ObjectProperty<DirtyDifference> pinnedDifference = new SimpleObjectProperty<>();
    /** "Go to the entry" of a bitmap's page: HWPT (-1: none known) and IOVA (the page-table tab listens). */
    private BiConsumer<Integer, Long> goToEntry = (hwpt, iova) -> { };
    /** The bitmaps drawn for the selected step (Result and Dirty bitmap tabs), redrawn in place on a selection. */
    private final List<BitmapCanvas> shownBitmaps = new java.util.ArrayList<>();

    public ScenarioView(ScenarioViewModel vm) {
        this.vm = vm;
        header = buildHeader();
        machine = buildMachinePane();
        stepsPane = buildStepsPane();
        resultPane = detailPane();
        ScrollPane bitmapScroll = new ScrollPane(bitmapBox);
        bitmapScroll.setFitToWidth(true);
        bitmapBox.setPadding(new Insets(8));
        bitmapBox.setId("bitmap-pane");
        bitmapPane = bitmapScroll;
        showDetail(null);
        // Bitmaps are redrawn at a new presentation scale, and when presentation mode changes the pane's width.
        StageScale.property().addListener((o, a, b) -> redrawBitmap());
        detail.widthProperty().addListener((o, a, b) -> {
            if (Math.abs(a.doubleValue() - b.doubleValue()) > 1) {
                redrawBitmap();
            }
        });
        pinnedDifference.addListener(o -> redrawBitmap());
        vm.focus().selectionProperty().addListener((o, was, now) -> {
            long iova = now instanceof Selection.Iova i ? i.iova() : -1;
            shownBitmaps.forEach(c -> c.select(iova));
        });
        // The "why" of a step arrives with the machine's snapshot.
        vm.whys().addListener((javafx.collections.MapChangeListener<Integer, List<Why>>) c -> redrawSelected());
    }

    private void redrawBitmap() {
        if (detail.lookup("#bitmap-canvas") != null) {
            redrawSelected();
        }
    }

    /**
     * Rebuilds the selected step's detail once, after every change of this event: when a run ends, the rows, the
     * selection and the steps' "why" change at once, and each rebuilt the whole pane (a profile of the window at a
     * run's end showed three rebuilds in its heaviest frame).
     */
    private void redrawSelected() {
        if (!detailQueued) {
            detailQueued = true;
            Platform.runLater(() -> {
                detailQueued = false;
                showDetail(stepList.getSelectionModel().getSelectedItem());
            });
        }
    }

    private boolean detailQueued;

    public ObjectProperty<DirtyDifference> pinnedDifferenceProperty() {
        return pinnedDifference;
    }

    /** Where "Go to the entry" of a bitmap's page goes (the page-table tab). */
    public void setOnGoToEntry(BiConsumer<Integer, Long> go) {
        this.goToEntry = go == null ? (hwpt, iova) -> { } : go;
    }

    public Node header() {
        return header;
    }

    public Node machinePane() {
        return machine;
    }

    public Node stepsPane() {
        return stepsPane;
    }

    public Node resultPane() {
        return resultPane;
    }

    public Node bitmapPane() {
        return bitmapPane;
    }

    public ListView<StepRow> stepList() {
        return stepList;
    }

    private Node buildHeader() {
        Label title = new Label();
        title.setId("scenario-title");
        title.getStyleClass().add("scenario-title");
        title.textProperty().bind(vm.titleProperty());
        // The description on the title's line, cut to its width (all of it in the tooltip): on a line of its own
        // it cost the centre a line of the page-table tree at 1280x800, and showed no more of itself.
        Label description = new Label();
        description.getStyleClass().add("scenario-description");
        description.textProperty().bind(vm.descriptionProperty());
        description.managedProperty().bind(vm.descriptionProperty().isNotEmpty());
        description.visibleProperty().bind(description.managedProperty());
        description.setMinWidth(0);
        Tooltip about = new Tooltip();
        about.textProperty().bind(vm.descriptionProperty());
        about.setWrapText(true);
        about.setMaxWidth(600);
        description.setTooltip(about);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox titleLine = new HBox(16, title, description);
        titleLine.setAlignment(Pos.BASELINE_LEFT);

        Label narration = new Label();
        narration.setId("narration");
        narration.setWrapText(true);
        narration.getStyleClass().add("narration");
        // the caption of the step under way ("Now"), else of the one the next Step runs ("Next"); at the end, the last
        // step's ("Done")
        narration.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
            () -> captionLine(vm.steps(), vm.nextStepProperty().get(), vm.insideStepProperty().get(),
                vm.narrationProperty().get()),
            vm.narrationProperty(), vm.insideStepProperty(), vm.nextStepProperty(), vm.steps()));
        // Shown while the file tells a story at all, not only while this step has a caption: the window under it
        // then stays where it is at a step without one and at the end.
        narration.managedProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
            () -> tellsAStory(vm.steps()), vm.steps()));
        narration.visibleProperty().bind(narration.managedProperty());
        narration.setMaxWidth(Double.MAX_VALUE);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        // At most its share of the window's height, in whole lines (the rest scrolls, its scroll bar in view): at
        // 1280x800 a 4-line caption left the IOTLB's entry list one row. CaptionScroll fits the stage's banner too.
        ScrollPane captionArea = io.ioptexplorer.app.stage.CaptionScroll.area(narration, "narration-area");
        captionArea.managedProperty().bind(narration.managedProperty());
        captionArea.visibleProperty().bind(narration.managedProperty());
        javafx.beans.property.DoubleProperty windowHeight = new javafx.beans.property.SimpleDoubleProperty();
        captionArea.sceneProperty().addListener((o, a, sc) -> {
            windowHeight.unbind();
            if (sc != null) {
                windowHeight.bind(sc.heightProperty());
            }
        });
        // As tall as the tallest caption of the file's steps (within its share of the window), at rest as while the
        // machine runs: nothing under it moves when a step shows a shorter or taller caption, nor when a play starts
        // or ends. Each move laid the window out and drew it whole (40-70 ms with the software pipeline: the
        // play's slowest frames, issue 11's frame time, DirtyNodes in benchmarks/ found it). The box fills the area
        // whatever caption it shows.
        captionArea.setFitToHeight(true);
        narration.setMaxHeight(Double.MAX_VALUE);
        narration.setAlignment(Pos.TOP_LEFT);
        io.ioptexplorer.app.stage.CaptionScroll.keepFitted(captionArea, narration, captionArea::getWidth,
            () -> Math.max(io.ioptexplorer.app.stage.CaptionScroll.linesHigh(narration, CAPTION_LEAST_LINES),
                CAPTION_SHARE * windowHeight.get()),
            () -> vm.steps().stream().map(s -> caption(s.narrate(), false)).toList(),
            windowHeight, vm.steps());

        Label problem = new Label();
        problem.setId("problem");
        problem.setWrapText(true);
        problem.getStyleClass().add("problem-text");
        problem.textProperty().bind(vm.problemProperty());
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> vm.clearProblem());
        HBox problemBox = new HBox(12, new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE), problem, dismiss);
        HBox.setHgrow(problem, Priority.ALWAYS);
        problemBox.getStyleClass().add("problem-banner");
        problemBox.setId("problem-banner");
        problemBox.managedProperty().bind(vm.problemProperty().isNotEmpty());
        problemBox.visibleProperty().bind(problemBox.managedProperty());

        VBox top = new VBox(6, problemBox, titleLine, captionArea);
        top.setPadding(new Insets(8, 16, 8, 16));
        return top;
    }

    /** A step's caption as the window shows it: "Now: " inside the step, "Next: " before it; none for no story. */
    private static String caption(String narrate, boolean inside) {
        return narrate.isEmpty() ? "" : (inside ? "Now: " : "Next: ") + narrate;
    }

    /** Whether any step of the file has a caption: then the caption line is shown. */
    private static boolean tellsAStory(java.util.List<StepRow> steps) {
        return steps.stream().anyMatch(r -> !r.narrate().isEmpty());
    }

    /**
     * The caption line for the moment: the caption of the step under way ("Now: ") or of the one the next Step runs
     * ("Next: "), and once every step has run the last one's ("Done: "). A step the file gives no caption is named
     * instead ("Next: step 5, attach"; "Done: all 9 steps"): in a file that tells a story the line stays shown, and
     * an empty box read as a caption that failed to load.
     */
    static String captionLine(java.util.List<StepRow> steps, int next, boolean inside, String narration) {
        if (!tellsAStory(steps)) {
            return ""; // the line is hidden, and a hidden label's text changing is drawn all the same
        }
        if (next >= steps.size()) {
            String last = steps.get(steps.size() - 1).narrate();
            return last.isEmpty() ? StepRow.allDone(steps.size()) : "Done: " + last;
        }
        if (!narration.isEmpty()) {
            return caption(narration, inside);
        }
        return (inside ? "Now: " : "Next: ") + "step " + (next + 1) + ", " + steps.get(Math.max(0, next)).op();
    }

    private Node buildMachinePane() {
        ListView<ComponentRow> list = new ListView<>(vm.components());
        list.setId("machine-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ComponentRow c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label head = new Label(c.kind() + "  " + c.id());
                head.getStyleClass().add("row-head");
                Label body = new Label(c.details());
                body.setWrapText(true);
                body.getStyleClass().add("row-body");
                // Wrap to the list's width instead of growing past it.
                body.maxWidthProperty().bind(v.widthProperty().subtract(36));
                body.setMinHeight(Region.USE_PREF_SIZE);
                VBox box = new VBox(2, head, body);
                setGraphic(box);
                setText(null);
            }
        });
        return list;
    }

    private Node buildStepsPane() {
        stepList.setItems(vm.steps());
        stepList.setId("step-list");
        stepList.setCellFactory(v -> new StepCell(v));
        stepList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> redrawSelected());
        // Follow the focus: select the step the machine is in, else the one that just finished.
        Runnable follow = () -> {
            int at = vm.insideStepProperty().get() ? vm.nextStepProperty().get() : vm.nextStepProperty().get() - 1;
            if (at >= 0 && at < vm.steps().size()) {
                stepList.getSelectionModel().select(at);
                stepList.scrollTo(Math.max(0, at - 3));
            } else {
                stepList.getSelectionModel().clearSelection();
            }
        };
        vm.nextStepProperty().addListener((o, a, b) -> follow.run());
        vm.insideStepProperty().addListener((o, a, b) -> follow.run());
        // Rows are replaced when a step finishes; refresh the detail of the selected one.
        vm.steps().addListener((javafx.collections.ListChangeListener<StepRow>) ch -> redrawSelected());
        return stepList;
    }

    private Node detailPane() {
        detail.setId("step-detail");
        detail.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private void showDetail(StepRow s) {
        shownBitmaps.clear();
        detail.getChildren().clear();
        bitmapBox.getChildren().clear();
        if (s == null) {
            bitmapBox.getChildren().add(new Label("Select a step that read a dirty bitmap to see it drawn."));
            detail.getChildren().add(new Label("Select a step to see what it did."));
            return;
        }
        Label head = new Label((s.index() + 1) + ". " + s.op());
        head.getStyleClass().add("detail-head");
        Label where = new Label(s.location());
        where.getStyleClass().add("row-body");
        detail.getChildren().addAll(head, where);
        if (!s.narrate().isEmpty()) {
            Label n = new Label(s.narrate());
            n.setWrapText(true);
            detail.getChildren().add(n);
        }
        if (s.status() == StepRow.Status.PENDING || s.status() == StepRow.Status.CURRENT) {
            Label state = new Label(s.status() == StepRow.Status.CURRENT
                    ? "Under way: the machine is inside this step. Space plays or pauses; F7 steps into, F8 out."
                    : "Not run yet. Step (→) or run all (F5).");
            state.setWrapText(true); // the result pane is narrow at 1280 wide: the keys at the end were cut off
            detail.getChildren().add(state);
            bitmapBox.getChildren().add(new Label("Step " + (s.index() + 1) + " has not finished."));
            return;
        }
        if (!s.message().isEmpty()) {
            Label m = new Label((s.status() == StepRow.Status.OK ? "Failed as the step expects: " : "") + s.message());
            m.setWrapText(true);
            m.getStyleClass().add(s.status() == StepRow.Status.OK ? "row-body" : "problem-text");
            detail.getChildren().add(m);
        }
        for (String f : s.failures()) {
            Label l = new Label(f);
            l.setWrapText(true);
            l.getStyleClass().add("problem-text");
            detail.getChildren().add(l);
        }
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(4);
        // The keys keep their width and a long value (a blocked migration's reason) wraps: before, the value took the
        // row and the keys shrank to "…" (mixed-host sample, step 11, at 1280x800).
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, values);
        int row = 0;
        for (ResultField f : s.results()) {
            if (f.bitmap() != null) {
                continue;
            }
            Label k = new Label(f.key());
            k.getStyleClass().add("row-body");
            k.setMinWidth(Region.USE_PREF_SIZE);
            Label v = new Label(f.text());
            v.setWrapText(true);
            grid.addRow(row++, k, v);
        }
        if (row > 0) {
            detail.getChildren().add(grid);
        }
        if (!s.rounds().isEmpty()) {
            Label caption = new Label("Pre-copy rounds (4 KiB pages reported by the trackers, really written, sent):");
            caption.setWrapText(true);
            caption.getStyleClass().add("row-body");
            detail.getChildren().addAll(caption, roundsTable(s));
        }
        if (!s.verification().isEmpty()) {
            Label v = new Label(s.verification());
            v.setWrapText(true);
            v.getStyleClass().add(s.verification().contains("LOST") ? "problem-text" : "verified-text");
            v.setId("verification");
            detail.getChildren().add(v);
        }
        for (Why w : vm.whys().getOrDefault(s.index(), List.of())) {
            detail.getChildren().add(WhyBox.of(w));
        }
        ResultField bitmapField = s.field("bitmap");
        if (bitmapField != null && bitmapField.bitmap() != null) {
            BitmapPicture b = bitmapField.bitmap();
            detail.getChildren().add(bitmapView(b, detail.getWidth()));
            Label head2 = new Label((s.index() + 1) + ". " + s.op());
            head2.getStyleClass().add("detail-head");
            bitmapBox.getChildren().addAll(head2, bitmapView(b, bitmapBox.getWidth()));
        } else {
            Optional<StepRow> last = vm.latestBitmapBefore(s.index());
            Label none = new Label("Step " + (s.index() + 1) + " (" + s.op() + ") returned no dirty bitmap."
                    + last.map(r -> " The last one read, by step " + (r.index() + 1) + ":").orElse(" A step that reads "
                    + "one (get-dirty-bitmap, dma-logging-report, type1-dirty) draws it here; a migration's syncs "
                    + "are drawn in the Dirty lanes tab."));
            none.setWrapText(true);
            bitmapBox.getChildren().add(none);
            last.ifPresent(r -> {
                Label head2 = new Label((r.index() + 1) + ". " + r.op());
                head2.getStyleClass().add("detail-head");
                bitmapBox.getChildren().addAll(head2, bitmapView(r.field("bitmap").bitmap(), bitmapBox.getWidth()));
            });
        }
    }

    private Node bitmapView(BitmapPicture b, double width) {
        BitmapCanvas canvas = new BitmapCanvas();
        DirtyDifference pinned = pinnedDifference.get();
        long selected = vm.focus().selection() instanceof Selection.Iova i ? i.iova() : -1;
        canvas.show(b, Color.web("#e5534b"), Color.web("#8b949e", 0.35), width - 24, StageScale.get(), pinned,
                selected);
        BitmapPages.wire(canvas, b, vm.focus(), goToEntry);
        shownBitmaps.add(canvas);
        long per = BitmapCanvas.pagesPerCell(b.nbits());
        Label legend = new Label(b.cardinality() + " of " + b.nbits() + " pages dirty"
                + (per > 1 ? " (one cell = " + per + " pages)" : "") + "; bytes " + abbreviate(b.hex())
                + ". Click a page to select its IOVA; right-click to go to its entry.");
        legend.setWrapText(true);
        VBox box = new VBox(6, canvas, legend);
        if (pinned != null) {
            Label differs = new Label(pinnedLegend(b, pinned));
            differs.setId("bitmap-pinned-legend");
            differs.setWrapText(true);
            if (b.hwpt() != BitmapPicture.NO_HWPT) {
                differs.setGraphic(swatch(BitmapCanvas.DIFFERS));
            }
            box.getChildren().add(differs);
        }
        return box;
    }

    private static String pinnedLegend(BitmapPicture b, DirtyDifference pinned) {
        if (b.hwpt() == BitmapPicture.NO_HWPT) {
            return "Not compared with pinned step " + pinned.pinnedStep() + ": this bitmap is a device's own log or "
                    + "type1's, not a page table's Dirty bits.";
        }
        int n = pinned.bitsDiffering(b, 0, b.nbits());
        return n + " of " + b.nbits() + " bits (outlined) differ from the Dirty bits HWPT " + b.hwpt()
                + " held at pinned step " + pinned.pinnedStep();
    }

    private static javafx.scene.shape.Rectangle swatch(Color c) {
        javafx.scene.shape.Rectangle r = new javafx.scene.shape.Rectangle(12, 12, Color.TRANSPARENT);
        r.setStroke(c);
        r.setStrokeWidth(2);
        r.widthProperty().bind(StageScale.property().multiply(12));
        r.heightProperty().bind(StageScale.property().multiply(12));
        return r;
    }

    /** Pre-copy rounds: what the trackers reported against what was really written, and what each round cost. */
    private static GridPane roundsTable(StepRow s) {
        GridPane g = TextTable.withHeader("rounds-table", 14, "round", "reported", "true", "sent", "took",
                "est. downtime");
        int row = 1;
        for (RoundSummary r : s.rounds()) {
            g.addRow(row++, cell(Integer.toString(r.round()), null), cell(Long.toString(r.dirtyPages()), null),
                    cell(Long.toString(r.truePages()), null), cell(Long.toString(r.pagesSent()), null),
                    cell(Units.formatTime(r.durationNs()), null), cell(Units.formatTime(r.downtimeEstNs()), null));
        }
        return g;
    }

    private static Label cell(String text, String style) {
        return TextTable.cell(text, style);
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 48 ? hex : hex.substring(0, 48) + "…";
    }


    /**
     * A step's row: its status icon, its name and a one-line subtitle. The nodes are made once per cell and filled at
     * each update (a play updates the rows at every step; new nodes each time entered the scene unlaid-out for a
     * pulse, were styled from scratch and left a binding on the list's width behind).
     */
    private static final class StepCell extends ListCell<StepRow> {
        private static final List<String> STATUS_CLASSES = java.util.Arrays.stream(StepRow.Status.values())
            .map(StepCell::statusClass).toList();

        private final FontIcon icon = new FontIcon(MaterialDesignC.CIRCLE_OUTLINE);
        private final Label op = new Label();
        private final Label sub = new Label();
        private final HBox box;

        StepCell(ListView<StepRow> list) {
            icon.setIconSize(18);
            op.getStyleClass().add("row-head");
            sub.getStyleClass().add("row-body");
            sub.maxWidthProperty().bind(list.widthProperty().subtract(60));
            sub.managedProperty().bind(sub.textProperty().isNotEmpty());
            sub.visibleProperty().bind(sub.managedProperty());
            box = new HBox(8, icon, new VBox(1, op, sub));
        }

        private static String statusClass(StepRow.Status status) {
            return "status-" + status.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        protected void updateItem(StepRow s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            icon.setIconCode(switch (s.status()) {
                case PENDING -> MaterialDesignC.CIRCLE_OUTLINE;
                case CURRENT -> MaterialDesignC.CIRCLE_SLICE_4;
                case OK -> MaterialDesignC.CHECK_CIRCLE;
                case FAILED -> MaterialDesignC.CLOSE_CIRCLE;
            });
            String status = statusClass(s.status());
            if (!icon.getStyleClass().contains(status)) {
                icon.getStyleClass().removeAll(STATUS_CLASSES);
                icon.getStyleClass().add(status);
            }
            op.setText((s.index() + 1) + ". " + s.op());
            sub.setText(subtitle(s));
            setGraphic(box);
            setText(null);
            setAccessibleText(s.op() + " " + s.status());
        }

        /** A failure first; an error the step expected, marked as such; else the caption. */
        private static String subtitle(StepRow s) {
            if (s.status() == StepRow.Status.FAILED && !s.failures().isEmpty()) {
                return s.failures().get(0);
            }
            if (!s.message().isEmpty()) {
                return "as expected, " + s.message();
            }
            return s.narrate();
        }
    }
}
