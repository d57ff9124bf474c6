package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.viewmodel.palette.Palette;

/** ARGB colours of a lane's pixels (from the one {@link Palette}); one meaning each, in every view and the legend. */
public final class LaneColors {
    /** Reported and really written. */
    public static final int TRUE_POSITIVE = Palette.REPORTED_AND_WRITTEN;
    /** Reported, never written (amplification). */
    public static final int FALSE_POSITIVE = Palette.FALSE_POSITIVE;
    /** Written, never reported (a lost page). */
    public static final int FALSE_NEGATIVE = Palette.FALSE_NEGATIVE;
    /** The ground truth row: written. */
    public static final int WRITTEN = Palette.WRITTEN;
    /** A page whose Dirty bit is not what it was at the pinned moment. */
    public static final int DIFFERS_FROM_PIN = Palette.DIFFERS_FROM_PIN;
    /** Nothing in this pixel. */
    public static final int EMPTY = Palette.LANE_EMPTY;

    private LaneColors() {
    }

    /** "#rrggbb" for CSS and legends. */
    public static String web(int argb) {
        return Palette.web(argb);
    }
}
