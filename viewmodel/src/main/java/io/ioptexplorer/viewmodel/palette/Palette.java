package io.ioptexplorer.viewmodel.palette;

/**
 * Every ARGB colour the pixel views draw with, in one table: the dirty lanes and the IOVA map. Each colour has one
 * meaning; the views and their legends name these constants (through {@code LaneColors} and {@code MapPalette}),
 * never a literal of their own.
 */
public final class Palette {
    // ---- dirty lanes: a tracker's report against the ground truth
    /** Reported and really written. */
    public static final int REPORTED_AND_WRITTEN = 0xFF2E8B57;
    /** Reported, never written (amplification). */
    public static final int FALSE_POSITIVE = 0xFFF2A72B;
    /** Written, never reported (a lost page). */
    public static final int FALSE_NEGATIVE = 0xFFD7263D;
    /** The ground truth row: written. */
    public static final int WRITTEN = 0xFF4A6FD0;
    /** Nothing in this pixel of a lane. */
    public static final int LANE_EMPTY = 0xFFE9ECEF;

    // ---- compare with a pinned moment
    /**
     * What differs from the pinned moment compared with, in every view (the IOVA map's and the Dirty bitmap tab's
     * cell outlines, the lanes' row): near-black, unlike every state colour, so an outlined cell's own colour still
     * shows inside it.
     */
    public static final int DIFFERS_FROM_PIN = 0xFF111111;

    // ---- IOVA map: the state of the leaves under a cell
    public static final int UNMAPPED = 0xFFD9D9D9;
    /** Mapped and clean, leaf below 1 MiB. */
    public static final int LEAF_SMALL = 0xFF4A90D9;
    /** Mapped and clean, leaf from 1 MiB to below 1 GiB. */
    public static final int LEAF_MEDIUM = 0xFF2A9D8F;
    /** Mapped and clean, leaf of 1 GiB or more. */
    public static final int LEAF_LARGE = 0xFF7B5EA7;
    public static final int ACCESSED = 0xFFF2B705;
    /** Dirty since the last read. */
    public static final int DIRTY = 0xFFE63946;

    private Palette() {
    }

    /** "#rrggbb" for CSS and legends. */
    public static String web(int argb) {
        return String.format("#%06x", argb & 0xFFFFFF);
    }
}
