package io.ioptexplorer.app.tracking;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
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
 * {@code setPixels} call, so a 64 GiB guest costs the same as a small one. Text and the GPA axis are drawn on top,
 * at the presentation scale ({@link StageScale}).
 */
final class LanesCanvas extends Canvas {
    static final double LABEL_W = 130;
    static final double TOP = 24;
    static final double MIN_BAR_H = 14;
    static final double MAX_BAR_H = 44;
    static final double TEXT_H = 16;
    static final double COL_GAP = 14;
    static final double RIGHT = 10;
    private static final PixelFormat<java.nio.IntBuffer> ARGB = PixelFormat.getIntArgbInstance();

    private final LanesViewModel vm;
    private int[] pixels = new int[0];

    LanesCanvas(LanesViewModel vm) {
        this.vm = vm;
        setId("lanes-canvas");
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    @Override
    public double prefWidth(double height) {
        return 900;
    }

    @Override
    public double prefHeight(double width) {
        int rows = vm.shownRounds().isEmpty() ? 3 : vm.shownRounds().get(0).lanes().size() + 1;
        return TOP + rows * (MIN_BAR_H + TEXT_H + 6) + 30;
    }

    /** How many syncs are drawn side by side. */
    int shownColumns() {
        return vm.shownRounds().size();
    }

    /** The presentation scale: labels, gaps and text grow with it as the CSS-sized controls do. */
    private static double s() {
        return StageScale.get();
    }

    /** Width of one sync's column of bars. */
    int columnWidth(int columns) {
        return (int) Math.max(8, (getWidth() - LABEL_W * s() - RIGHT - COL_GAP * s() * (columns - 1))
                / Math.max(1, columns));
    }

    double columnX(int column, int columns) {
        return LABEL_W * s() + column * (columnWidth(columns) + COL_GAP * s());
    }

    /** Bar height: the lanes share the canvas height, within readable bounds. */
    double barHeight() {
        int rows = vm.shownRounds().isEmpty() ? 1 : vm.shownRounds().get(0).lanes().size() + 1;
        double fit = (getHeight() - (TOP + 30) * s()) / rows - (TEXT_H + 6) * s();
        return Math.floor(Math.max(MIN_BAR_H * s(), Math.min(MAX_BAR_H * s(), fit)));
    }

    double rowY(int row) {
        return TOP * s() + row * (barHeight() + (TEXT_H + 6) * s());
    }

    void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        List<LaneRound> rounds = vm.shownRounds();
        g.setFont(Font.font(12 * s()));
        g.setTextBaseline(VPos.TOP);
        g.setFill(Color.web("#333"));
        if (rounds.isEmpty()) {
            g.fillText(vm.current().isEmpty() ? "No migration yet: the lanes appear when a migrate step runs its "
                    + "first sync." : "This migration did not sync any tracker (" + vm.current().get().result()
                    + ").", 12, 12);
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
        drawRowLabel(g, first.size(), "ground truth");
        for (int c = 0; c < cols; c++) {
            LaneRound round = rounds.get(c);
            double x = columnX(c, cols);
            g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 12 * s()));
            g.setFill(Color.web("#222"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(round.label(), x, 4 * s());
            for (int r = 0; r < round.lanes().size(); r++) {
                Lane lane = round.lanes().get(r);
                LaneRaster.row(lane, from, to, cw, pixels, 0);
                blit(x, rowY(r), cw, barH);
                drawFigures(g, x, rowY(r) + barH + 1, cw, lane);
            }
            Lane union = round.union().orElse(null);
            if (union != null) {
                LaneRaster.truthRow(union, from, to, cw, pixels, 0);
                blit(x, rowY(round.lanes().size()), cw, barH);
                drawFigures(g, x, rowY(round.lanes().size()) + barH + 1, cw, null, union.truePages());
            }
            drawAxis(g, x, rowY(round.lanes().size() + 1) - 2, cw, from, to);
        }
    }

    private void blit(double x, double y, int cw, int barH) {
        for (int line = 1; line < barH; line++) {
            System.arraycopy(pixels, 0, pixels, line * cw, cw);
        }
        getGraphicsContext2D().getPixelWriter().setPixels((int) x, (int) y, cw, barH, ARGB, pixels, 0, cw);
    }

    private void drawRowLabel(GraphicsContext g, int row, String name) {
        g.setFont(Font.font(12 * s()));
        g.setFill(Color.web("#222"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(name, 8, rowY(row) + 1, LABEL_W * s() - 12);
    }

    private void drawFigures(GraphicsContext g, double x, double y, int cw, Lane lane) {
        drawFigures(g, x, y, cw, lane, 0);
    }

    private void drawFigures(GraphicsContext g, double x, double y, int cw, Lane lane, long written) {
        g.setFont(Font.font(10.5 * s()));
        g.setFill(Color.web("#444"));
        g.setTextAlign(TextAlignment.LEFT);
        String text;
        if (lane == null) {
            text = String.format("%,d written", written);
        } else if (cw > 420 * s()) {
            text = LanesViewModel.figures(lane);
        } else {
            text = String.format("FP %,d · FN %,d", lane.falsePositives(), lane.falseNegatives());
        }
        g.fillText(text, x, y, cw);
    }

    private static void drawAxis(GraphicsContext g, double x, double y, int cw, long from, long to) {
        g.setStroke(Color.web("#888"));
        g.strokeLine(x, y, x + cw, y);
        g.setFont(Font.font(10 * s()));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(String.format("GPA 0x%x", from << 12), x, y + 2);
        if (cw > 220 * s()) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(String.format("0x%x", to << 12), x + cw, y + 2);
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
