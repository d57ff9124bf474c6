package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.Sizes;
import io.ioptexplorer.viewmodel.palette.Palette;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Colours of the IOVA map, as ARGB: unmapped grey; mapped and clean by leaf size (small blue, 2 MiB-class teal,
 * 1 GiB-class purple); accessed amber; dirty since the last read red. The values live in the one {@link Palette};
 * this maps leaf states to them, for the map and its legend.
 */
final class MapPalette {
    static final int UNMAPPED = Palette.UNMAPPED;
    static final int SMALL = Palette.LEAF_SMALL;
    static final int MEDIUM = Palette.LEAF_MEDIUM;
    static final int LARGE = Palette.LEAF_LARGE;
    static final int ACCESSED = Palette.ACCESSED;
    static final int DIRTY = Palette.DIRTY;
    static final int DIFFERS_FROM_PIN = Palette.DIFFERS_FROM_PIN;

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
        m.put("clean, 1 MiB–1 GiB", MEDIUM);
        m.put("clean, ≥ 1 GiB", LARGE);
        m.put("accessed", ACCESSED);
        m.put("dirty since last read", DIRTY);
        return m;
    }

    static String bucket(long bytes) {
        return Sizes.of(bytes);
    }
}
