package io.ioptexplorer.viewmodel.tracking;

/** ARGB colours of a lane's pixels; one meaning each, the same in every view and in the legend. */
public final class LaneColors {
    /** Reported and really written. */
    public static final int TRUE_POSITIVE = 0xFF2E8B57;
    /** Reported, never written (amplification). */
    public static final int FALSE_POSITIVE = 0xFFF2A72B;
    /** Written, never reported (a lost page). */
    public static final int FALSE_NEGATIVE = 0xFFD7263D;
    /** The ground truth row: written. */
    public static final int WRITTEN = 0xFF4A6FD0;
    /** Nothing in this pixel. */
    public static final int EMPTY = 0xFFE9ECEF;

    private LaneColors() {
    }

    /** "#rrggbb" for CSS and legends. */
    public static String web(int argb) {
        return String.format("#%06x", argb & 0xFFFFFF);
    }
}
