package io.ioptexplorer.app.scenario;

import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import io.ioptexplorer.viewmodel.live.BitmapPicture;
import io.ioptexplorer.viewmodel.palette.Palette;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A dirty bitmap drawn as a grid of cells, one per page, set bits filled. Large bitmaps are drawn, not instantiated:
 * when there are more pages than cells fit, each cell stands for a run of pages and is filled by how many of them
 * are dirty. A cell whose bits differ from a pinned moment's Dirty bits is outlined in the pinned colour; the cell
 * holding the selected IOVA is outlined in the accent colour. It remembers its geometry, so a click finds its bit.
 */
final class BitmapCanvas extends Canvas {
    private static final int MAX_COLUMNS = 32;
    private static final double CELL = 14;
    private static final double GAP = 2;
    private static final int MAX_CELLS = 32 * 32;
    static final Color DIFFERS = Color.web(Palette.web(Palette.DIFFERS_FROM_PIN));
    static final Color SELECTED = Color.web("#0969da");

    private BitmapPicture bitmap;
    private int cells;
    private long perCell = 1;
    private int columns = 1;
    private double pitch = CELL + GAP;
    private double gap = GAP;
    private Color set;
    private Color clear;
    private double availableWidth;
    private double scale = 1;
    private DirtyDifference pinned;

    BitmapCanvas() {
        super(MAX_COLUMNS * (CELL + GAP), CELL + GAP);
        setId("bitmap-canvas");
    }

    /**
     * Draws the bitmap no wider than {@code availableWidth} (cells shrink to fit, to 4 px at least), cells and gaps
     * enlarged by {@code scale} (the presentation scale); outlines the cells that differ from {@code pinned} (null:
     * no comparison) and the cell holding {@code selectedIova} (-1: none).
     */
    void show(BitmapPicture bitmap, Color set, Color clear, double availableWidth, double scale,
              DirtyDifference pinned, long selectedIova) {
        this.bitmap = bitmap;
        this.set = set;
        this.clear = clear;
        this.availableWidth = availableWidth;
        this.scale = scale;
        this.pinned = pinned;
        long nbits = bitmap.nbits();
        cells = (int) Math.min(nbits, MAX_CELLS);
        perCell = pagesPerCell(nbits);
        columns = Math.max(1, Math.min(MAX_COLUMNS, cells));
        int rows = (cells + columns - 1) / columns;
        gap = GAP * scale;
        double full = (CELL + GAP) * scale;
        pitch = availableWidth > 0 ? Math.max(4 + gap, Math.min(full, availableWidth / columns)) : full;
        double cell = pitch - gap;
        setWidth(columns * pitch);
        setHeight(rows * pitch);
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        double line = Math.max(1, Math.min(2 * scale, cell / 4));
        for (int c = 0; c < cells; c++) {
            long first = c * perCell;
            long last = Math.min(nbits, first + perCell);
            int dirty = bitmap.count(first, last);
            double x = cellX(c);
            double y = cellY(c);
            g.setFill(clear);
            g.fillRect(x, y, cell, cell);
            if (dirty > 0) {
                double share = (double) dirty / (last - first);
                g.setFill(set);
                g.fillRect(x, y + cell * (1 - share), cell, cell * share);
            }
            if (pinned != null && pinned.bitsDiffering(bitmap, first, last) > 0) {
                g.setStroke(DIFFERS);
                g.setLineWidth(line);
                g.strokeRect(x + line / 2, y + line / 2, cell - line, cell - line);
            }
        }
        long selected = bitOf(selectedIova);
        if (selected >= 0) {
            int c = (int) (selected / perCell);
            g.setStroke(SELECTED);
            g.setLineWidth(Math.max(1, gap));
            g.strokeRect(cellX(c) - gap / 2, cellY(c) - gap / 2, pitch, pitch);
        }
    }

    /** Draws it again with another IOVA selected (-1: none), in place: a click must not replace the canvas. */
    void select(long selectedIova) {
        if (bitmap != null) {
            show(bitmap, set, clear, availableWidth, scale, pinned, selectedIova);
        }
    }

    double cellX(int cell) {
        return (cell % columns) * pitch + gap / 2;
    }

    double cellY(int cell) {
        return (cell / columns) * pitch + gap / 2;
    }

    double cellSize() {
        return pitch - gap;
    }

    /** The first bit of the cell at canvas point (x, y), or -1 (a gap, outside). */
    long bitAt(double x, double y) {
        if (bitmap == null || x < 0 || y < 0) {
            return -1;
        }
        int col = (int) (x / pitch);
        int row = (int) (y / pitch);
        int c = row * columns + col;
        if (col >= columns || c >= cells) {
            return -1;
        }
        return c * perCell;
    }

    /** The bit standing for {@code iova}, or -1 when the bitmap does not cover it. */
    private long bitOf(long iova) {
        if (bitmap == null || iova < 0 || Long.compareUnsigned(iova, bitmap.iova()) < 0) {
            return -1;
        }
        long bit = (iova - bitmap.iova()) / bitmap.pageSize();
        return bit < bitmap.nbits() ? bit : -1;
    }

    /** Pages one cell stands for, for the legend. */
    static long pagesPerCell(long nbits) {
        int cells = (int) Math.min(nbits, MAX_CELLS);
        return cells == 0 ? 0 : (nbits + cells - 1) / cells;
    }
}
