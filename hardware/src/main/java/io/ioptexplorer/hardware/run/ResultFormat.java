package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.scenario.Units;

/** How a step result reads for people (the command line's summary, the app's result pane). */
public final class ResultFormat {
    private ResultFormat() {
    }

    /** "4 KiB, 2 MiB, 1 GiB"; a run of three or more consecutive powers of two as "4 KiB … 256 GiB". */
    static String pageSizes(java.util.List<?> sizes) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sizes.size()) {
            int j = i;
            while (j + 1 < sizes.size() && ((Long) sizes.get(j + 1)) == 2 * (Long) sizes.get(j)) {
                j++;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            if (j - i >= 2) {
                b.append(Units.formatSize((Long) sizes.get(i))).append(" … ").append(Units.formatSize((Long) sizes.get(j)));
            } else {
                for (int k = i; k <= j; k++) {
                    b.append(k > i ? ", " : "").append(Units.formatSize((Long) sizes.get(k)));
                }
            }
            i = j + 1;
        }
        return b.toString();
    }

    /** Addresses in hex, byte counts and times with units, bitmaps as their count; everything else as is. */
    public static String readable(String key, Object value) {
        if (value instanceof BitmapValue b) {
            return b.cardinality() + " of " + b.nbits() + " set";
        }
        if (key.equals("page-sizes") && value instanceof java.util.List<?> sizes) {
            return pageSizes(sizes);
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
