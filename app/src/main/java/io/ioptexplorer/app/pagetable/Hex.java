package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.Sizes;

/** Short texts for rows and entries, shared by the tree, the inspector and the IOTLB view. */
final class Hex {
    private Hex() {
    }

    /** Unsigned, through the project's one formatter (an IOVA above 2^63 is a negative long). */
    static String of(long v) {
        return IovaMath.hex(v);
    }

    /**
     * An entry, or a run of them, as the walk line and the tree name it: the level and the index, "L0[256]" or
     * "L0[5–511]" ({@code dump --walk} gives the same two in columns).
     */
    static String entry(int level, int firstIndex, int lastIndex) {
        return "L" + level + "[" + (firstIndex == lastIndex ? Integer.toString(firstIndex)
            : firstIndex + "–" + lastIndex) + "]";
    }

    static String range(long first, long last) {
        return of(first) + "–" + of(last);
    }

    /** "table", "512 × 2 MiB", "2 MiB leaf", "507 empty". */
    static String what(PtRow r) {
        return switch (r.kind()) {
            case TABLE -> "table";
            case EMPTY -> r.count() == 1 ? "empty" : r.count() + " empty";
            case LEAVES -> r.count() == 1 ? Sizes.of(r.leafSize()) + " leaf" : r.count() + " × "
                + Sizes.of(r.leafSize());
        };
    }

    /** "RW A dirty" for leaves, "" otherwise. */
    static String state(PtRow r) {
        if (r.kind() != PtRow.Kind.LEAVES) {
            return "";
        }
        return Sizes.prot(r.prot()) + (r.accessed() ? " A" : " -") + (r.dirty() ? " dirty" : " clean");
    }
}
