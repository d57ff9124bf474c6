package io.ioptexplorer.app.scenario;

import io.ioptexplorer.viewmodel.live.BitmapPicture;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A dirty bitmap drawn as a grid of cells, one per page, set bits filled. Large bitmaps are drawn, not instantiated:
 * when there are more pages than cells fit, each cell stands for a run of pages and is filled by how many of them
 * are dirty.
 */
final class BitmapCanvas extends Canvas {
    private static final int MAX_COLUMNS = 32;
    private static final double CELL = 14;
    private static final double GAP = 2;
    private static final int MAX_CELLS = 32 * 32;

    BitmapCanvas() {
        super(MAX_COLUMNS * (CELL + GAP), CELL + GAP);
        setId("bitmap-canvas");
    }

    /**
     * Draws the bitmap no wider than {@code availableWidth} (cells shrink to fit, to 4 px at least), cells and gaps
     * enlarged by {@code scale} (the presentation scale).
     */
    void show(BitmapPicture bitmap, Color set, Color clear, double availableWidth, double scale) {
        long nbits = bitmap.nbits();
        int cells = (int) Math.min(nbits, MAX_CELLS);
        long perCell = (nbits + cells - 1) / cells;
        int columns = Math.min(MAX_COLUMNS, cells);
        int rows = (cells + columns - 1) / columns;
        double gap = GAP * scale;
        double full = (CELL + GAP) * scale;
        double pitch = availableWidth > 0 ? Math.max(4 + gap, Math.min(full, availableWidth / columns)) : full;
        double cell = pitch - gap;
        setWidth(columns * pitch);
        setHeight(rows * pitch);
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        for (int c = 0; c < cells; c++) {
            long first = c * perCell;
            long last = Math.min(nbits, first + perCell);
            int dirty = bitmap.count(first, last);
            double x = (c % columns) * pitch;
            double y = (c / columns) * pitch;
            g.setFill(clear);
            g.fillRect(x, y, cell, cell);
            if (dirty > 0) {
                double share = (double) dirty / (last - first);
                g.setFill(set);
                g.fillRect(x, y + cell * (1 - share), cell, cell * share);
            }
        }
    }

    /** Pages one cell stands for, for the legend. */
    static long pagesPerCell(long nbits) {
        int cells = (int) Math.min(nbits, MAX_CELLS);
        return cells == 0 ? 0 : (nbits + cells - 1) / cells;
    }
}
