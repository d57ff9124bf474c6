package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.pagetable.EntryField;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each decoded field of a 64-bit entry sits in the bit diagram: rows of {@link #BITS_PER_ROW} bits, bit 63 top
 * left, bit 0 bottom right; a field that crosses a row boundary becomes one box per row. Computed only from the
 * fields {@code PageTableFormat.decode} returns, so the picture cannot disagree with the decoding.
 */
final class BitLayout {
    static final int BITS_PER_ROW = 16;
    static final int ROWS = 64 / BITS_PER_ROW;

    /** One box: part of field {@code field} covering bits hi..lo, all in {@code row}. */
    record Box(int field, String name, int hiBit, int loBit, int row) {
        /** Column of the box's left edge (bit hiBit). */
        int firstColumn() {
            return BITS_PER_ROW - 1 - (hiBit % BITS_PER_ROW);
        }

        int width() {
            return hiBit - loBit + 1;
        }
    }

    private BitLayout() {
    }

    static List<Box> boxes(List<EntryField> fields) {
        List<Box> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            EntryField f = fields.get(i);
            int hi = f.hiBit();
            while (hi >= f.loBit()) {
                int rowLo = hi - hi % BITS_PER_ROW;
                int lo = Math.max(f.loBit(), rowLo);
                out.add(new Box(i, f.name(), hi, lo, ROWS - 1 - hi / BITS_PER_ROW));
                hi = lo - 1;
            }
        }
        return out;
    }

    /** Row of bit {@code bit} (0 = the top row, bits 63..48). */
    static int rowOf(int bit) {
        return ROWS - 1 - bit / BITS_PER_ROW;
    }

    static int columnOf(int bit) {
        return BITS_PER_ROW - 1 - bit % BITS_PER_ROW;
    }

    /** The bit at (row, column). */
    static int bitAt(int row, int column) {
        return (ROWS - 1 - row) * BITS_PER_ROW + (BITS_PER_ROW - 1 - column);
    }

    /** Index of the field holding {@code bit}, or -1. */
    static int fieldAt(List<EntryField> fields, int bit) {
        for (int i = 0; i < fields.size(); i++) {
            if (bit <= fields.get(i).hiBit() && bit >= fields.get(i).loBit()) {
                return i;
            }
        }
        return -1;
    }
}
