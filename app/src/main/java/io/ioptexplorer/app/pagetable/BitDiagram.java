package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.pagetable.EntryField;
import java.util.List;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A 64-bit entry drawn as labelled boxes over its bits ({@link BitLayout}), with each bit's value, the bits set and
 * cleared since the previous moment marked, and the hovered or selected field highlighted. Pixels on one canvas.
 */
final class BitDiagram extends Canvas {
    static final Color FIELD = Color.web("#dbe9f6");
    static final Color FIELD_ALT = Color.web("#e8f1e0");
    static final Color HIGHLIGHT = Color.web("#ffd24d");
    static final Color DIRTY_FIELD = Color.web("#f6b8b8");
    static final Color UNUSED = Color.web("#efefef");
    static final Color SET = Color.web("#1f9d55");
    static final Color CLEARED = Color.web("#d64545");

    private double cell;
    private double rowHeight;
    private List<EntryField> fields = List.of();
    private long raw;
    private long set;
    private long cleared;
    private Set<String> marked = Set.of();
    private final IntegerProperty hovered = new SimpleIntegerProperty(-1);
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);

    /** @param cell width of one bit in pixels */
    BitDiagram(double cell) {
        setCell(cell);
        setOnMouseMoved(e -> hovered.set(fieldUnder(e.getX(), e.getY())));
        setOnMouseExited(e -> hovered.set(-1));
        setOnMouseClicked(e -> selected.set(fieldUnder(e.getX(), e.getY())));
        hovered.addListener((o, a, b) -> draw());
        selected.addListener((o, a, b) -> draw());
    }

    /** Sets the width of one bit in pixels (the inspector fits the diagram to its width and the stage scale). */
    void setCell(double px) {
        if (px == cell) {
            return;
        }
        cell = px;
        rowHeight = Math.max(34, cell * 1.5);
        setWidth(14 + cell * BitLayout.BITS_PER_ROW + 2);
        setHeight(BitLayout.ROWS * (rowHeight + 8) + 2);
        draw();
    }

    double cell() {
        return cell;
    }

    /** Shows an entry: its decoded fields, raw value, and the bits set and cleared since the previous moment. */
    void show(List<EntryField> entryFields, long rawValue, long bitsSet, long bitsCleared, Set<String> markedFields) {
        this.fields = List.copyOf(entryFields);
        this.raw = rawValue;
        this.set = bitsSet;
        this.cleared = bitsCleared;
        this.marked = Set.copyOf(markedFields);
        if (selected.get() >= fields.size()) {
            selected.set(-1);
        }
        draw();
    }

    IntegerProperty hoveredField() {
        return hovered;
    }

    IntegerProperty selectedField() {
        return selected;
    }

    List<EntryField> fields() {
        return fields;
    }

    /** A point inside bit {@code bit}'s cell that no text covers, for tests reading the box colour back. */
    double[] probeOf(int bit) {
        return new double[] {x(BitLayout.columnOf(bit)) + cell * 0.15, y(BitLayout.rowOf(bit)) + rowHeight * 0.52};
    }

    private double x(int column) {
        return 14 + column * cell;
    }

    private double y(int row) {
        return 1 + row * (rowHeight + 8);
    }

    int fieldUnder(double px, double py) {
        int column = (int) Math.floor((px - 14) / cell);
        int row = (int) Math.floor((py - 1) / (rowHeight + 8));
        if (column < 0 || column >= BitLayout.BITS_PER_ROW || row < 0 || row >= BitLayout.ROWS) {
            return -1;
        }
        return BitLayout.fieldAt(fields, BitLayout.bitAt(row, column));
    }

    /** Fill colour of field {@code i}'s boxes. */
    Color colourOf(int i) {
        if (i == hovered.get() || i == selected.get()) {
            return HIGHLIGHT;
        }
        if (marked.contains(fields.get(i).name())) {
            return DIRTY_FIELD;
        }
        return i % 2 == 0 ? FIELD : FIELD_ALT;
    }

    void draw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        Font small = Font.font("monospace", Math.max(9, cell * 0.42));
        Font label = Font.font("sans-serif", FontWeight.BOLD, Math.max(10, cell * 0.45));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        for (int row = 0; row < BitLayout.ROWS; row++) {
            g.setFill(UNUSED);
            g.fillRect(x(0), y(row), cell * BitLayout.BITS_PER_ROW, rowHeight);
            g.setFill(Color.GRAY);
            g.setFont(small);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(Integer.toString(BitLayout.bitAt(row, 0)), 12, y(row) + 8);
            g.setTextAlign(TextAlignment.CENTER);
        }
        for (BitLayout.Box b : BitLayout.boxes(fields)) {
            double bx = x(b.firstColumn());
            double by = y(b.row());
            double w = b.width() * cell;
            g.setFill(colourOf(b.field()));
            g.fillRect(bx, by, w, rowHeight);
            g.setStroke(Color.web("#555555"));
            g.setLineWidth(1);
            g.strokeRect(bx + 0.5, by + 0.5, w - 1, rowHeight - 1);
            g.setFill(Color.web("#1a1a1a"));
            g.setFont(label);
            String name = label(b.name(), b.width(), w, cell);
            g.fillText(name, bx + w / 2, by + rowHeight * 0.3, w - 2);
        }
        g.setFont(small);
        for (int bit = 63; bit >= 0; bit--) {
            int row = BitLayout.rowOf(bit);
            int column = BitLayout.columnOf(bit);
            double cx = x(column) + cell / 2;
            double cy = y(row) + rowHeight * 0.75;
            long mask = 1L << bit;
            g.setFill((set & mask) != 0 ? SET : (cleared & mask) != 0 ? CLEARED : Color.web("#333333"));
            g.fillText((raw & mask) != 0 ? "1" : "0", cx, cy);
            if (((set | cleared) & mask) != 0) {
                g.fillRect(x(column) + 2, y(row) + rowHeight - 3, cell - 4, 3);
            }
        }
    }

    /**
     * A field's name as its box has room for: whole, or cut; a one-bit field with an index keeps it without brackets
     * (SMMUv3's AP[2] and AP[1] both read "AP" cut to two letters; now "AP2" and "AP1", squeezed to fit).
     */
    static String label(String name, int bits, double boxWidth, double cell) {
        if (bits == 1 && name.matches("\\w+\\[\\d+\\]")) {
            return name.replaceAll("[\\[\\]]", "");
        }
        if (name.length() * cell * 0.3 > boxWidth) {
            return name.length() > 3 && boxWidth >= cell * 2 ? name.substring(0, Math.max(1,
                (int) (boxWidth / (cell * 0.3)))) : bits == 1 ? name.substring(0, Math.min(name.length(), 2)) : name;
        }
        return name;
    }
}
