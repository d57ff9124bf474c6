package io.ioptexplorer.app.scenario;

import io.ioptexplorer.hardware.run.BitmapValue;
import io.ioptexplorer.hardware.run.ResultFormat;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.scenario.ComponentRow;
import io.ioptexplorer.viewmodel.scenario.RoundRow;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.explain.Why;
import java.util.List;
import java.util.Map;
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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The open scenario: title and tour caption on top, the machine on the left, the steps in the middle, the selected
 * step's results (bitmaps drawn) on the right. Bindings only; the view model does the work.
 */
public final class ScenarioView {
    private final ScenarioViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ListView<StepRow> stepList = new ListView<>();
    private final VBox detail = new VBox(10);
    private final Node header;
    private final SplitPane split;
    private final List<Node> panes;

    public ScenarioView(ScenarioViewModel vm) {
        this.vm = vm;
        root.setId("scenario-view");
        header = header();
        root.setTop(header);
        panes = List.of(machinePane(), stepsPane(), detailPane());
        split = new SplitPane(panes.toArray(Node[]::new));
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.27, 0.62);
        root.setCenter(split);
        // The "why" of a step arrives with its row; bitmaps are redrawn at a new presentation scale.
        StageScale.property().addListener((o, a, b) -> redrawBitmap());
        // The bitmap fits the pane's width: draw it again when presentation mode or a divider changes that width.
        detail.widthProperty().addListener((o, a, b) -> {
            if (Math.abs(a.doubleValue() - b.doubleValue()) > 1) {
                redrawBitmap();
            }
        });
    }

    private void redrawBitmap() {
        if (detail.lookup("#bitmap-canvas") != null) {
            showDetail(stepList.getSelectionModel().getSelectedItem());
        }
    }

    /** Presentation mode: only the result pane stays, and the banner replaces the header. */
    public void hideSecondaryPanes(boolean hide) {
        root.setTop(hide ? null : header);
        if (hide) {
            split.getItems().setAll(panes.get(2));
        } else {
            split.getItems().setAll(panes);
            split.setDividerPositions(0.27, 0.62);
        }
    }

    public Region root() {
        return root;
    }

    public ListView<StepRow> stepList() {
        return stepList;
    }

    private Node header() {
        Label title = new Label();
        title.setId("scenario-title");
        title.getStyleClass().add("scenario-title");
        title.textProperty().bind(vm.titleProperty());
        Label description = new Label();
        description.setWrapText(true);
        description.getStyleClass().add("scenario-description");
        description.textProperty().bind(vm.descriptionProperty());
        description.managedProperty().bind(vm.descriptionProperty().isNotEmpty());
        description.visibleProperty().bind(description.managedProperty());

        Label narration = new Label();
        narration.setId("narration");
        narration.setWrapText(true);
        narration.getStyleClass().add("narration");
        narration.textProperty().bind(vm.narrationProperty().map(n -> n.isEmpty() ? "" : "Next: " + n));
        narration.managedProperty().bind(vm.narrationProperty().isNotEmpty());
        narration.visibleProperty().bind(narration.managedProperty());
        narration.setMaxWidth(Double.MAX_VALUE);

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

        VBox top = new VBox(6, problemBox, title, description, narration);
        top.setPadding(new Insets(12, 16, 10, 16));
        return top;
    }

    private Node machinePane() {
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
        return titled("Machine", list);
    }

    private Node stepsPane() {
        stepList.setItems(vm.steps());
        stepList.setId("step-list");
        stepList.setCellFactory(v -> new StepCell(v));
        stepList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showDetail(b));
        // Follow progress: select the step that just finished.
        vm.nextStepProperty().addListener((o, a, b) -> {
            int done = b.intValue() - 1;
            if (done >= 0 && done < vm.steps().size()) {
                stepList.getSelectionModel().select(done);
                stepList.scrollTo(Math.max(0, done - 3));
            }
        });
        // Rows are replaced when a step finishes; refresh the detail of the selected one.
        vm.steps().addListener((javafx.collections.ListChangeListener<StepRow>) ch ->
                showDetail(stepList.getSelectionModel().getSelectedItem()));
        return titled("Steps", stepList);
    }

    private Node detailPane() {
        detail.setId("step-detail");
        detail.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        showDetail(null);
        return titled("Result", scroll);
    }

    private void showDetail(StepRow s) {
        detail.getChildren().clear();
        if (s == null) {
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
        if (s.status() == StepRow.Status.PENDING) {
            detail.getChildren().add(new Label("Not run yet. Step (→) or run all (F5)."));
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
        int row = 0;
        for (Map.Entry<String, Object> e : s.result().entrySet()) {
            if (e.getValue() instanceof BitmapValue) {
                continue;
            }
            Label k = new Label(e.getKey());
            k.getStyleClass().add("row-body");
            grid.addRow(row++, k, new Label(ResultFormat.readable(e.getKey(), e.getValue())));
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
        if (s.result().get("bitmap") instanceof BitmapValue b) {
            BitmapCanvas canvas = new BitmapCanvas();
            canvas.show(b, Color.web("#e5534b"), Color.web("#8b949e", 0.35), detail.getWidth() - 24,
                    StageScale.get());
            long per = BitmapCanvas.pagesPerCell(b.nbits());
            Label legend = new Label(b.cardinality() + " of " + b.nbits() + " pages dirty"
                    + (per > 1 ? " (one cell = " + per + " pages)" : "") + "; bytes " + abbreviate(b.hex()));
            legend.setWrapText(true);
            detail.getChildren().addAll(canvas, legend);
        }
        for (Why w : vm.whys().getOrDefault(s.index(), List.of())) {
            detail.getChildren().add(WhyBox.of(w));
        }
    }

    /** Pre-copy rounds: what the trackers reported against what was really written, and what each round cost. */
    private static GridPane roundsTable(StepRow s) {
        GridPane g = new GridPane();
        g.setId("rounds-table");
        g.setHgap(14);
        g.setVgap(3);
        String[] head = {"round", "reported", "true", "sent", "took", "est. downtime"};
        for (int c = 0; c < head.length; c++) {
            g.add(cell(head[c], "row-head"), c, 0);
        }
        int row = 1;
        for (RoundRow r : s.rounds()) {
            g.addRow(row++, cell(Integer.toString(r.round()), null), cell(Long.toString(r.dirtyPages()), null),
                    cell(Long.toString(r.truePages()), null), cell(Long.toString(r.pagesSent()), null),
                    cell(Units.formatTime(r.durationNs()), null), cell(Units.formatTime(r.downtimeEstNs()), null));
        }
        return g;
    }

    /** A table cell that keeps its natural width rather than shrinking to "…". */
    private static Label cell(String text, String style) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        if (style != null) {
            l.getStyleClass().add(style);
        }
        return l;
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 48 ? hex : hex.substring(0, 48) + "…";
    }

    private static Node titled(String name, Node content) {
        Label l = new Label(name);
        l.getStyleClass().add("pane-title");
        VBox box = new VBox(6, l, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** One step: status icon, number, operation, and its caption or result line. */
    private static final class StepCell extends ListCell<StepRow> {
        private final ListView<StepRow> list;

        StepCell(ListView<StepRow> list) {
            this.list = list;
        }

        @Override
        protected void updateItem(StepRow s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            FontIcon icon = switch (s.status()) {
                case PENDING -> new FontIcon(MaterialDesignC.CIRCLE_OUTLINE);
                case OK -> new FontIcon(MaterialDesignC.CHECK_CIRCLE);
                case FAILED -> new FontIcon(MaterialDesignC.CLOSE_CIRCLE);
            };
            icon.setIconSize(18);
            icon.getStyleClass().add("status-" + s.status().name().toLowerCase(java.util.Locale.ROOT));
            Label op = new Label((s.index() + 1) + ". " + s.op());
            op.getStyleClass().add("row-head");
            Label sub = new Label(subtitle(s));
            sub.getStyleClass().add("row-body");
            sub.maxWidthProperty().bind(list.widthProperty().subtract(60));
            sub.managedProperty().bind(sub.textProperty().isNotEmpty());
            sub.visibleProperty().bind(sub.managedProperty());
            VBox text = new VBox(1, op, sub);
            HBox box = new HBox(8, icon, text);
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
