package io.ioptexplorer.app.log;

import io.ioptexplorer.app.controls.LayoutBoundary;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.log.EventLogViewModel;
import io.ioptexplorer.viewmodel.log.LogRow;
import io.ioptexplorer.viewmodel.log.LogWindow;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * The event log: a filter box, and the lines drawn on a Canvas (one line per event, never a node per event), with
 * a scroll bar over the whole run. The current moment's line is marked; lines after it (the known future, after a
 * rewind) are greyed. A click on a line moves the focus to that event.
 */
public final class EventLogView {
    static final double ROW = 20;
    private static final double LINES_MARGIN = 4;
    private static final Font MONO = Font.font("monospace", 13);
    private static final Font MONO_BOLD = Font.font("monospace", FontWeight.BOLD, 13);

    private final EventLogViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final javafx.scene.layout.VBox top;
    private boolean updatingScroll;

    public EventLogView(EventLogViewModel vm) {
        this.vm = vm;
        root.setId("event-log");
        TextField filter = new TextField();
        filter.setId("log-filter");
        filter.setPromptText("filter: kind:walk-step  device:nic0  hwpt:3  iova:0x100000+64KiB  step:8  words");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        filter.setTooltip(new Tooltip("kind: (an event kind or a breakpoint group), device:, iommu:, hwpt:, "
                + "iova: (start-end or start+length), step: (1-based); other words match kind, device or IOMMU"));
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label problem = new Label();
        problem.setId("log-filter-problem");
        problem.getStyleClass().add("problem-text");
        problem.textProperty().bind(vm.filterProblemProperty());
        problem.managedProperty().bind(vm.filterProblemProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        CheckBox follow = new CheckBox("Follow");
        follow.setId("log-follow");
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        follow.setTooltip(new Tooltip("Keep the current moment's line in view"));
        Label count = new Label();
        count.setId("log-count");
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.setText("0 events");
        vm.windowProperty().addListener((o, a, w) -> count.setText(w.total() + (w.filterText().isEmpty()
                ? " events" : " matching")));
        // The pane's title in its filter bar, not on a row of its own: at 1280x800 that row was a line of events.
        Label title = new Label("Events");
        title.getStyleClass().add("pane-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, title, filter, follow, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox problemBar = new HBox(problem);
        problemBar.managedProperty().bind(problem.managedProperty());
        top = new javafx.scene.layout.VBox(4, bar, problemBar);
        // Its count changes at every frame of a play: laid out on its own, not with the whole window (issue 11).
        root.setTop(new LayoutBoundary(top));

        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setId("log-scroll");
        Pane holder = new Pane(canvas);
        holder.setMinSize(0, 0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.setId("log-canvas");
        root.setCenter(holder);
        root.setRight(new LayoutBoundary(scroll)); // moved at every frame of a play: laid out on its own
        BorderPane.setMargin(holder, new Insets(LINES_MARGIN, 0, 0, 0));

        canvas.heightProperty().addListener((o, a, b) -> askLines());
        canvas.widthProperty().addListener((o, a, b) -> draw());
        vm.windowProperty().addListener((o, a, w) -> {
            syncScroll(w);
            draw();
        });
        scroll.valueProperty().addListener((o, a, b) -> {
            if (!updatingScroll) {
                vm.scrollTo(Math.round(b.doubleValue()));
            }
        });
        canvas.setOnScroll(e -> {
            long first = vm.windowProperty().get().first() - Math.round(e.getDeltaY() / ROW * 1.5);
            vm.scrollTo(Math.max(0, first));
        });
        canvas.setOnMouseClicked(e -> {
            LogRow r = rowAt(e.getY());
            if (r != null && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                vm.open(r);
            } else if (r != null && e.getButton() == javafx.scene.input.MouseButton.SECONDARY) {
                showMenu(r, e.getScreenX(), e.getScreenY());
            }
        });
    }

    public Region root() {
        return root;
    }

    /** The log's height when it shows {@code lines} lines: its title and filter bar, then the lines. */
    public double heightForLines(int lines) {
        return top.prefHeight(-1) + LINES_MARGIN + lines * ROW;
    }

    private final javafx.scene.control.ContextMenu contextMenu = new javafx.scene.control.ContextMenu();
    private java.util.function.LongConsumer goToEntry;

    /** What "Go to the entry" of a line's context menu does with the line's seq (the page-table tab). */
    public void setOnGoToEntry(java.util.function.LongConsumer go) {
        this.goToEntry = go;
    }

    /** Right click on a line: "Go to the entry" the line's event is about, when a page table listens. */
    private void showMenu(LogRow r, double screenX, double screenY) {
        if (goToEntry == null) {
            return;
        }
        javafx.scene.control.MenuItem go = new javafx.scene.control.MenuItem("Go to the entry (event " + r.seq()
                + ")");
        go.setId("log-go-to-entry");
        go.setOnAction(x -> goToEntry.accept(r.seq()));
        contextMenu.getItems().setAll(go);
        contextMenu.show(canvas, screenX, screenY);
    }

    /** The context menu of the lines, for tests. */
    public javafx.scene.control.ContextMenu contextMenu() {
        return contextMenu;
    }

    /** The line drawn at height {@code y} of the canvas, or null. */
    public LogRow rowAt(double y) {
        LogWindow w = vm.windowProperty().get();
        int i = (int) (y / ROW);
        return i >= 0 && i < w.rows().size() ? w.rows().get(i) : null;
    }

    /** Height of the line {@code seq} on the canvas, or -1 when it is not shown. */
    public double yOf(long seq) {
        LogWindow w = vm.windowProperty().get();
        for (int i = 0; i < w.rows().size(); i++) {
            if (w.rows().get(i).seq() == seq) {
                return i * ROW + ROW / 2;
            }
        }
        return -1;
    }

    public Canvas canvas() {
        return canvas;
    }

    private void askLines() {
        LogWindow w = vm.windowProperty().get();
        vm.showLines(w.first(), Math.max(1, (int) (canvas.getHeight() / ROW)));
    }

    private void syncScroll(LogWindow w) {
        updatingScroll = true;
        int rows = Math.max(1, (int) (canvas.getHeight() / ROW));
        scroll.setMax(Math.max(0, w.total() - rows));
        scroll.setVisibleAmount(rows);
        scroll.setValue(w.first());
        scroll.setUnitIncrement(1);
        scroll.setBlockIncrement(rows);
        updatingScroll = false;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        g.clearRect(0, 0, width, canvas.getHeight());
        LogWindow w = vm.windowProperty().get();
        g.setTextBaseline(VPos.CENTER);
        boolean dark = io.ioptexplorer.app.main.ThemeStyles.isDark();
        Color text = dark ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark ? Color.web("#7d8590") : Color.web("#8c959f");
        for (int i = 0; i < w.rows().size(); i++) {
            LogRow r = w.rows().get(i);
            double y = i * ROW;
            if (r.state() == LogRow.State.CURRENT) {
                g.setFill(Color.web("#0969da", dark ? 0.45 : 0.22));
                g.fillRect(0, y, width, ROW);
            }
            g.setFont(r.state() == LogRow.State.CURRENT ? MONO_BOLD : MONO);
            g.setFill(r.state() == LogRow.State.FUTURE ? muted : text);
            String line = String.format("%9d  %3s  %10s  %-20s %-26s %-30s %s", r.seq(),
                    r.step() < 0 ? "-" : Integer.toString(r.step() + 1), Units.formatTime(r.timeNs()), r.kind(),
                    clip(r.name(), 26), clip(r.subject(), 30), r.text());
            g.fillText(line, 6, y + ROW / 2);
            if (w.currentLine() == w.first() + i && r.state() == LogRow.State.PAST) {
                // between steps: the machine stands just after this event
                g.setStroke(Color.web("#0969da"));
                g.setLineWidth(2);
                g.strokeLine(0, y + ROW - 1, width, y + ROW - 1);
            }
        }
        if (w.rows().isEmpty()) {
            g.setFont(MONO);
            g.setFill(muted);
            g.fillText(w.filterText().isEmpty() ? "No events yet." : "No event matches the filter.", 6, ROW / 2);
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
