package io.ioptexplorer.app.main;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.live.Breakpoints;

/** Reads "0x200000+2MiB" or "0x200000-0x400000" as an IOVA range; a clear message when it cannot. */
final class IovaRangeText {
    private IovaRangeText() {
    }

    static Breakpoints.IovaRange parse(String text) {
        String t = text.trim();
        int plus = t.indexOf('+');
        int dash = t.indexOf('-');
        if (plus > 0) {
            long start = address(t.substring(0, plus));
            long length = size(t.substring(plus + 1));
            return new Breakpoints.IovaRange(start, length);
        }
        if (dash > 0) {
            long start = address(t.substring(0, dash));
            long end = address(t.substring(dash + 1));
            if (Long.compareUnsigned(end, start) <= 0) { // IOVAs are u64: 0x8000000000000000 is above 0x7fff...
                throw new IllegalArgumentException("'" + t + "': the end " + IovaMath.hex(end)
                        + " is not after the start " + IovaMath.hex(start));
            }
            return new Breakpoints.IovaRange(start, end - start);
        }
        throw new IllegalArgumentException("'" + t + "' is not a range: write start+length (0x200000+2MiB) or "
                + "start-end (0x200000-0x400000)");
    }

    private static long address(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2).replace("_", ""), 16)
                    : Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.trim() + "' is not an address (write 0x200000 or 2097152)");
        }
    }

    private static long size(String s) {
        try {
            return Units.parseSize(s.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s.trim() + "' is not a size (write 4KiB, 2MiB or 4096)");
        }
    }
}
