package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.Sizes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Colours of the IOVA map, as ARGB: unmapped grey; mapped and clean by leaf size (small blue, 2 MiB-class teal,
 * 1 GiB-class purple); accessed amber; dirty since the last read red. One place, shared by the map and its legend.
 */
final class MapPalette {
    static final int UNMAPPED = 0xFFD9D9D9;
    static final int SMALL = 0xFF4A90D9;
    static final int MEDIUM = 0xFF2A9D8F;
    static final int LARGE = 0xFF7B5EA7;
    static final int ACCESSED = 0xFFF2B705;
    static final int DIRTY = 0xFFE63946;

    private MapPalette() {
    }

    static int colour(byte state, int leafShift) {
        return switch (state) {
            case IovaMap.DIRTY -> DIRTY;
            case IovaMap.ACCESSED -> ACCESSED;
            case IovaMap.MAPPED -> leafShift < 20 ? SMALL : leafShift < 30 ? MEDIUM : LARGE;
            default -> UNMAPPED;
        };
    }

    /** Legend entries, in drawing order. */
    static Map<String, Integer> legend() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("unmapped", UNMAPPED);
        m.put("clean, leaf < 1 MiB", SMALL);
        m.put("clean, 1 MiB – < 1 GiB", MEDIUM);
        m.put("clean, ≥ 1 GiB", LARGE);
        m.put("accessed", ACCESSED);
        m.put("dirty since the last read", DIRTY);
        return m;
    }

    static String bucket(long bytes) {
        return Sizes.of(bytes);
    }
}
