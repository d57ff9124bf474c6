package io.ioptexplorer.app.timeline;

import io.ioptexplorer.app.main.ThemeStyles;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.viewmodel.timeline.StripPicture;
import io.ioptexplorer.viewmodel.timeline.StripScale;
import io.ioptexplorer.viewmodel.timeline.TimelineStripViewModel;
import javafx.animation.AnimationTimer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The timeline strip: the whole run from left to right (each step keeps a readable width however few events it has:
 * {@link io.ioptexplorer.viewmodel.timeline.StripScale}), phases as coloured bands, steps as ticks, breakpoint-group
 * events as marks, and the current moment as a cursor you can drag (the machine follows, coalesced).
 */
public final class TimelineStripView {
    public static final double HEIGHT = 46;
    private static final double BAND_TOP = 14;
    private static final Color[] PHASE = {Color.web("#8c959f", 0.25), Color.web("#2da44e", 0.35),
        Color.web("#bf8700", 0.40), Color.web("#8250df", 0.35), Color.web("#0969da", 0.30),
        Color.web("#57606a", 0.20)};
    /** By {@link BreakpointClass} ordinal; each group its own colour, named in {@link #LEGEND}. */
    private static final Color[] MARK = {Color.web("#e16f24"), Color.web("#1a7f37"), Color.web("#a40e26"),
        Color.web("#8250df"), Color.web("#1b7c83"), Color.web("#bf3989"), Color.web("#0969da"), Color.GRAY};
    private static final String[] MARK_NAME = {"orange", "green", "dark red", "purple", "teal", "pink", "blue",
        "grey"};
    /** "Marks: orange split, green collapse, ...": from the same table the marks are drawn with. */
    static final String LEGEND = legend();
    /** How near (in pixels) the mouse must be to a mark for the hover text to name it. */
    private static final double HOVER_SLACK = 3;

    private final TimelineStripViewModel vm;
    private final Pane root = new Pane();
    private final Canvas canvas = new Canvas();

    public TimelineStripView(TimelineStripViewModel vm) {
        this.vm = vm;
        root.setId("timeline-strip");
        root.getChildren().add(canvas);
        root.setMinHeight(HEIGHT);
        root.setPrefHeight(HEIGHT);
        root.setMaxHeight(HEIGHT);
        canvas.setId("timeline-canvas");
        canvas.widthProperty().bind(root.widthProperty());
        canvas.setHeight(HEIGHT);
        canvas.widthProperty().addListener((o, a, b) -> draw());
        vm.pictureProperty().addListener((o, a, b) -> draw());
        canvas.setOnMousePressed(e -> vm.scrubTo(seqAt(e.getX())));
        canvas.setOnMouseDragged(e -> vm.scrubTo(seqAt(e.getX())));
        Tooltip hover = new Tooltip(GUIDE);
        hover.setWrapText(true);
        hover.setMaxWidth(460);
        Tooltip.install(canvas, hover);
        canvas.setOnMouseMoved(e -> hover.setText(hoverText(e.getX())));
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.pump();
            }
        }.start();
    }

    public Region root() {
        return root;
    }

    public Canvas canvas() {
        return canvas;
    }

    private static final String GUIDE = "The run from start to end: phases as bands, steps as ticks, breakpoint "
            + "events as marks. Click or drag to go to a moment.";

    /** The strip's hover text at {@code x} pixels: what is there (step, phase, mark), then how to read the strip. */
    public String hoverText(double x) {
        StripPicture p = vm.pictureProperty().get();
        double w = Math.max(1, canvas.getWidth() - 2 * pad());
        int slackBuckets = (int) Math.ceil(HOVER_SLACK * p.buckets() / w);
        return p.describeAt(seqAt(x), slackBuckets) + "\n" + GUIDE + "\n" + LEGEND;
    }

    /** The event at {@code x} pixels. */
    public long seqAt(double x) {
        StripPicture p = vm.pictureProperty().get();
        double w = Math.max(1, canvas.getWidth() - 2 * pad());
        return p.scale().seqAt((x - pad()) / w);
    }

    /** The x of event {@code seq}. */
    public double xOf(long seq) {
        StripPicture p = vm.pictureProperty().get();
        double w = Math.max(1, canvas.getWidth() - 2 * pad());
        return pad() + (p.total() == 0 ? 0 : p.scale().fractionOf(seq + 0.5) * w);
    }

    private static double pad() {
        return 8;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        g.clearRect(0, 0, width, HEIGHT);
        StripPicture p = vm.pictureProperty().get();
        boolean dark = ThemeStyles.isDark();
        g.setFill(dark ? Color.web("#161b22") : Color.web("#f6f8fa"));
        g.fillRect(0, 0, width, HEIGHT);
        if (p.total() == 0) {
            return;
        }
        double left = pad();
        double w = Math.max(1, width - 2 * left);
        StripScale scale = p.scale();
        // phases
        for (int i = 0; i < p.phases().size(); i++) {
            StripPicture.PhaseBand b = p.phases().get(i);
            long end = i + 1 < p.phases().size() ? p.phases().get(i + 1).firstSeq() : p.total();
            double x0 = left + scale.fractionOf(b.firstSeq()) * w;
            double x1 = left + scale.fractionOf(end) * w;
            g.setFill(PHASE[Math.min(PHASE.length - 1, b.kindOrdinal())]);
            g.fillRect(x0, BAND_TOP, Math.max(1, x1 - x0), HEIGHT - BAND_TOP - 4);
            String label = fitting(x1 - x0 - 6, b.label(), b.shortLabel());
            if (label != null) {
                g.setFill(dark ? Color.web("#e6edf3") : Color.web("#1f2328"));
                g.setFont(LABEL_FONT);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText(label, x0 + 3, HEIGHT - 5);
            }
        }
        // steps as ticks, numbered when there is room
        g.setStroke(dark ? Color.web("#7d8590") : Color.web("#57606a"));
        g.setLineWidth(1);
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        double lastLabel = -100;
        for (int k = 0; k < p.steps(); k++) {
            double x = Math.round(left + scale.fractionOf(p.stepFirst(k)) * w) + 0.5;
            g.strokeLine(x, 0, x, BAND_TOP + 6);
            if (x - lastLabel > 22) {
                g.setFill(dark ? Color.web("#adbac7") : Color.web("#57606a"));
                g.fillText(Integer.toString(k + 1), x + 2, 0);
                lastLabel = x;
            }
        }
        // breakpoint-group events
        double per = w / p.buckets();
        for (int b = 0; b < p.buckets(); b++) {
            byte m = p.mark(b);
            if (m != 0) {
                g.setFill(MARK[Math.min(MARK.length - 1, m - 1)]);
                g.fillRect(left + b * per, BAND_TOP + 6, Math.max(2, per), 8);
            }
        }
        // the cursor
        if (p.current() >= 0) {
            double x = left + scale.fractionOf(p.current() + 0.5) * w;
            g.setStroke(Color.web("#0969da"));
            g.setLineWidth(2);
            g.strokeLine(x, 0, x, HEIGHT);
            g.setFill(Color.web("#0969da"));
            g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {0, 0, 6}, 3);
        }
    }

    private static final Font LABEL_FONT = Font.font(11);

    /** The first of {@code labels} that fits in {@code room} pixels, or null (labels overlapped their neighbours). */
    static String fitting(double room, String... labels) {
        for (String l : labels) {
            if (LABEL_WIDTHS.computeIfAbsent(l, TimelineStripView::labelWidth) <= room) {
                return l;
            }
        }
        return null;
    }

    /** Label widths by text (the FX thread's; a run has a few dozen distinct phase labels). */
    private static final java.util.Map<String, Double> LABEL_WIDTHS = new java.util.HashMap<>();

    private static double labelWidth(String label) {
        Text t = new Text(label);
        t.setFont(LABEL_FONT);
        return t.getLayoutBounds().getWidth();
    }

    private static String legend() {
        StringBuilder b = new StringBuilder("Marks:");
        for (BreakpointClass c : BreakpointClass.values()) {
            if (c != BreakpointClass.OTHER) {
                b.append(c.ordinal() == 0 ? " " : ", ").append(MARK_NAME[c.ordinal()]).append(' ').append(c.id());
            }
        }
        return b.append('.').toString();
    }

    /** The colour a breakpoint group's mark is drawn in (for the legend and the tests). */
    public static Color markColour(BreakpointClass c) {
        return MARK[Math.min(MARK.length - 1, c.ordinal())];
    }
}
