package io.ioptexplorer.app.controls;

import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/**
 * A small table of text (a grid of labels under a header row), as the step results' rounds and the run comparison's
 * figures show: cells keep their natural width rather than shrinking to "…".
 */
public final class TextTable {
    private TextTable() {
    }

    /** An empty grid with {@code head} as its first row. */
    public static GridPane withHeader(String id, double hgap, String... head) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(hgap);
        g.setVgap(3);
        header(g, head);
        return g;
    }

    /** Puts {@code head} in row 0 of {@code g}. */
    public static void header(GridPane g, String... head) {
        for (int c = 0; c < head.length; c++) {
            g.add(cell(head[c], "row-head"), c, 0);
        }
    }

    /** A cell with an optional style class ({@code row-head}, {@code row-body}, or null). */
    public static Label cell(String text, String style) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        if (style != null) {
            l.getStyleClass().add(style);
        }
        return l;
    }
}
