package io.ioptexplorer.viewmodel.export;

import io.ioptexplorer.hardware.run.BitmapValue;

/** A dirty bitmap as CSV, one row per page of its range: the page's index and 1 if dirty, else 0. */
public final class BitmapCsv {
    private BitmapCsv() {
    }

    public static String of(BitmapValue bitmap) {
        StringBuilder b = new StringBuilder("page,dirty\n");
        for (long i = 0; i < bitmap.nbits(); i++) {
            b.append(i).append(',').append(bitmap.bits().get((int) i) ? '1' : '0').append('\n');
        }
        return b.toString();
    }
}
