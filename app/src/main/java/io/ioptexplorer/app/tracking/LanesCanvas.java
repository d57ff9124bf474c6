package io.ioptexplorer.app.tracking;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import io.ioptexplorer.viewmodel.tracking.LaneRaster;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Draws the lanes of the shown syncs as pixels: one column per sync (small multiples), one row per tracker, then the
 * union the VMM sent and the ground truth; each bar's pixels are computed by {@link LaneRaster} and written in one
 * {@code setPixels} call, so a 64 GiB guest costs the same as a small one. Text and the GPA axis are drawn on top.
 * A round under way (not synced yet) shows its trackers as "not read yet" and the pages written so far. Every size
 * is multiplied by {@link StageScale} (presentation mode), so text, bars and lines grow with it.
 */
final class LanesCanvas extends Canvas {
    static final double LABEL_W = 130;
    static final double TOP = 24;
    static final double MIN_BAR_H = 14;
    static final double MAX_BAR_H = 44;
    static final double TEXT_H = 16;
    /** When the lanes do not fit with a line of figures under each bar, bars this high with a small gap. */
    static final double COMPACT_BAR_H = 10;
    static final double COMPACT_GAP = 4;
    static final double AXIS_H = 30;
    static final double COL_GAP = 14;
    /** The narrowest column side by side whose header and figures can still be read. */
    static final double MIN_COL_W = 120;
    static final double RIGHT = 10;
    static final Color NOT_READ = Color.web("#f1f3f5");
    private static final PixelFormat<java.nio.IntBuffer> ARGB = PixelFormat.getIntArgbInstance();

    private final LanesViewModel vm;
    private int[] pixels = new int[0];

    LanesCanvas(LanesViewModel vm) {
        this.vm = vm;
        setId("lanes-canvas");
    }

    LanesViewModel vm() {
        return vm;
    }

    /** The presentation scale every size is multiplied by. */
    static double k() {
        return StageScale.get();
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    @Override
    public double prefWidth(double height) {
        return 900;
    }

    /** Every lane with a line of figures under it. */
    @Override
    public double prefHeight(double width) {
        return (TOP + rows() * (MIN_BAR_H + TEXT_H + 6) + AXIS_H) * k();
    }

    /** Every lane at its tallest, with figures: more height would stay blank. */
    @Override
    public double maxHeight(double width) {
        return (TOP + rows() * (MAX_BAR_H + TEXT_H + 6) + AXIS_H) * k();
    }

    /** Every lane still drawn, compact (no figures under the bars): below this, lanes would be cut off. */
    @Override
    public double minHeight(double width) {
        return (TOP + rows() * (COMPACT_BAR_H + COMPACT_GAP) + AXIS_H) * k();
    }

    /** Rows of the first shown column: its lanes and the ground truth, and the pages that differ from a pin. */
    int rows() {
        int lanes = vm.shownRounds().isEmpty() ? 3 : vm.shownRounds().get(0).lanes().size() + 1;
        return lanes + (vm.pinnedDifferenceProperty().get() != null ? 1 : 0);
    }

    /** How many syncs are drawn side by side. */
    int shownColumns() {
        return vm.shownRounds().size();
    }

    /** Width of one sync's column of bars. */
    int columnWidth(int columns) {
        return (int) Math.max(8, (getWidth() - (LABEL_W + RIGHT) * k() - COL_GAP * k() * (columns - 1))
                / Math.max(1, columns));
    }

    /** How many columns of at least {@link #MIN_COL_W} fit the width (at least one). */
    int columnsThatFit() {
        double room = getWidth() - (LABEL_W + RIGHT) * k() + COL_GAP * k();
        return (int) Math.max(1, Math.floor(room / ((MIN_COL_W + COL_GAP) * k())));
    }

    double columnX(int column, int columns) {
        return LABEL_W * k() + column * (columnWidth(columns) + COL_GAP * k());
    }

    /** Whether there is room for a line of figures under each bar (else the bars alone, compact). */
    boolean figuresShown() {
        return (getHeight() - (TOP + AXIS_H) * k()) / rows() - (TEXT_H + 6) * k() >= MIN_BAR_H * k();
    }

    /** Space between one bar and the next row's: the figures line, or a small gap when compact. */
    double rowGap() {
        return (figuresShown() ? TEXT_H + 6 : COMPACT_GAP) * k();
    }

    /** Bar height: the lanes share the canvas height, within readable bounds (3 px at least when squeezed). */
    double barHeight() {
        double fit = (getHeight() - (TOP + AXIS_H) * k()) / rows() - rowGap();
        double min = figuresShown() ? MIN_BAR_H * k() : 3;
        return Math.floor(Math.max(min, Math.min(MAX_BAR_H * k(), fit)));
    }

    double rowY(int row) {
        return TOP * k() + row * (barHeight() + rowGap());
    }

    void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        List<LaneRound> rounds = vm.shownRounds();
        g.setFont(Font.font(12 * k()));
        g.setTextBaseline(VPos.TOP);
        g.setFill(Color.web("#333"));
        if (rounds.isEmpty()) {
            g.fillText(vm.current().isEmpty() ? "No migration yet: the lanes appear when a migrate step starts."
                    : "This migration did not sync any tracker (" + vm.current().get().result() + ").",
                    12 * k(), 12 * k());
            return;
        }
        int cols = rounds.size();
        int cw = columnWidth(cols);
        long from = vm.fromProperty().get();
        long to = vm.toProperty().get();
        int barH = (int) barHeight();
        if (pixels.length < cw * barH) {
            pixels = new int[cw * barH];
        }
        List<Lane> first = rounds.get(0).lanes();
        for (int r = 0; r < first.size(); r++) {
            drawRowLabel(g, r, first.get(r).name());
        }
        int left = vm.roundsLeftOut();
        if (left > 0) { // over the row labels, where the headers start: which syncs have no room
            g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11 * k()));
            g.setFill(Color.web("#9a6700"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(left == 1 ? "◀ round 0 hidden" : "◀ rounds 0–" + (left - 1) + " hidden", 4 * k(), 4 * k(),
                    (LABEL_W - 8) * k());
        }
        drawRowLabel(g, first.size(), "ground truth");
        DirtyDifference pinned = vm.pinnedDifferenceProperty().get();
        if (pinned != null) {
            drawRowLabel(g, first.size() + 1, "≠ pinned step " + pinned.pinnedStep());
        }
        for (int c = 0; c < cols; c++) {
            LaneRound round = rounds.get(c);
            double x = columnX(c, cols);
            g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 12 * k()));
            g.setFill(Color.web("#222"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(round.label(), x, 4 * k(), cw);
            for (int r = 0; r < round.lanes().size(); r++) {
                Lane lane = round.lanes().get(r);
                if (round.pending()) {
                    drawNotRead(g, x, rowY(r), cw, barH);
                    continue;
                }
                LaneRaster.row(lane, from, to, cw, pixels, 0);
                blit(x, rowY(r), cw, barH);
                if (figuresShown()) {
                    drawFigures(g, x, rowY(r) + barH + 1, cw, lane);
                }
            }
            Lane union = round.union().orElse(null);
            if (union != null) {
                LaneRaster.truthRow(union, from, to, cw, pixels, 0);
                blit(x, rowY(round.lanes().size()), cw, barH);
                if (figuresShown()) {
                    drawFigureText(g, x, rowY(round.lanes().size()) + barH + 1, cw, writtenFigure(round, union));
                }
            }
            if (pinned != null && c == cols - 1) { // the Dirty bits now against the pin: drawn by the newest sync
                LaneRaster.marksRow(pinned.changed(), from, to, cw, pixels, 0);
                blit(x, rowY(round.lanes().size() + 1), cw, barH);
            }
            drawAxis(g, x, rowY(rows()) - 2, cw, from, to);
        }
    }

    /** A tracker of the round under way: its bitmap has not been read, so nothing is known yet. */
    private static void drawNotRead(GraphicsContext g, double x, double y, int cw, int barH) {
        g.setFill(NOT_READ);
        g.fillRect(x, y, cw, barH);
        g.setStroke(Color.web("#adb5bd"));
        g.setLineWidth(k());
        g.strokeRect(x + 0.5, y + 0.5, cw - 1, barH - 1);
        g.setFill(Color.web("#495057"));
        double size = Math.min(11 * k(), barH - 2);
        g.setFont(Font.font(size));
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("not read yet", x + cw / 2.0, y + (barH - size * 1.2) / 2, cw);
    }

    private void blit(double x, double y, int cw, int barH) {
        for (int line = 1; line < barH; line++) {
            System.arraycopy(pixels, 0, pixels, line * cw, cw);
        }
        getGraphicsContext2D().getPixelWriter().setPixels((int) x, (int) y, cw, barH, ARGB, pixels, 0, cw);
    }

    private void drawRowLabel(GraphicsContext g, int row, String name) {
        double size = Math.min(12 * k(), barHeight() + rowGap() - 2);
        g.setFont(Font.font(size));
        g.setFill(Color.web("#222"));
        g.setTextAlign(TextAlignment.LEFT);
        // beside its bar: centred on it when the bar is taller than the text, else level with its top
        g.fillText(name, 8 * k(), rowY(row) + Math.max(1, (barHeight() - size * 1.2) / 2), (LABEL_W - 12) * k());
    }

    private void drawFigures(GraphicsContext g, double x, double y, int cw, Lane lane) {
        drawFigureText(g, x, y, cw, cw > 420 * k() ? LanesViewModel.figures(lane)
                : String.format("FP %,d · FN %,d", lane.falsePositives(), lane.falseNegatives()));
    }

    /**
     * Under the ground truth: the pages written. An empty stop-and-copy column says why it is empty: nothing was
     * written after the last pre-copy sync, and stop-and-copy sends that sync's union.
     */
    static String writtenFigure(LaneRound round, Lane union) {
        return round.nothingSinceLastSync() && round.round() > 0
                ? "0 written since round " + (round.round() - 1) + "'s sync"
                : String.format("%,d written", union.truePages());
    }

    private void drawFigureText(GraphicsContext g, double x, double y, int cw, String text) {
        g.setFont(Font.font(10.5 * k()));
        g.setFill(Color.web("#444"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(text, x, y, cw);
    }

    private static void drawAxis(GraphicsContext g, double x, double y, int cw, long from, long to) {
        g.setStroke(Color.web("#888"));
        g.setLineWidth(k());
        g.strokeLine(x, y, x + cw, y);
        g.setFont(Font.font(10 * k()));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("GPA " + IovaMath.hex(from << 12), x, y + 2, cw);
        if (cw > 220 * k()) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(IovaMath.hex(to << 12), x + cw, y + 2);
        }
    }

    /** Which column a canvas x falls in, or -1 (between columns, on the labels). */
    int columnAt(double x, int columns) {
        for (int c = 0; c < columns; c++) {
            double cx = columnX(c, columns);
            if (x >= cx && x < cx + columnWidth(columns)) {
                return c;
            }
        }
        return -1;
    }
}
