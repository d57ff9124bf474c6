package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.scenario.Units;

/** How a step result reads for people (the command line's summary, the app's result pane). */
public final class ResultFormat {
    private ResultFormat() {
    }

    /** Addresses in hex, byte counts and times with units, bitmaps as their count; everything else as is. */
    public static String readable(String key, Object value) {
        if (value instanceof BitmapValue b) {
            return b.cardinality() + " of " + b.nbits() + " set";
        }
        if (!(value instanceof Long n)) {
            return String.valueOf(value);
        }
        if (key.contains("iova") || key.equals("capabilities")) {
            return String.format("0x%x", n);
        }
        if (key.equals("bytes") || key.equals("transferred") || key.equals("unmapped") || key.equals("page-size")) {
            return Units.formatSize(n);
        }
        if (key.contains("time") || key.contains("downtime")) {
            return Units.formatTime(n);
        }
        return String.valueOf(n);
    }
}
