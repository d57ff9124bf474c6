package io.ioptexplorer.app.main;

/**
 * The default height of the bottom pane (event log and timeline strip), from the window's height: the bottom takes at
 * most {@link #SHARE} of it, and shows never fewer than {@link #MIN_LINES} lines of the log (enough to read the
 * events around the current one) nor more than {@link #MAX_LINES}; the strip is always whole. At 1280x800 that
 * leaves the centre (the Page tables tab) all the rest; a taller window gives the log more lines. In pixels, not a
 * fraction of the panes: the 64% for the centre that suits 1920x1080 left it 358 px of a 1280x800 window. From the
 * window's height, not the panes': a banner in the header then takes its height from the centre, not from the log.
 */
final class BottomPaneSize {
    static final int MIN_LINES = 4;
    static final int MAX_LINES = 12;
    /** The most of the window's height the bottom takes beyond its minimum. */
    static final double SHARE = 0.22;

    private BottomPaneSize() {
    }

    /**
     * How many event-log lines the default layout shows in a window {@code windowHeight} tall, the bottom's fixed
     * parts (its filter bar, padding and the strip) {@code chrome} and a line {@code lineHeight}.
     */
    static int lines(double windowHeight, double chrome, double lineHeight) {
        int fit = (int) Math.floor((SHARE * windowHeight - chrome) / lineHeight);
        return Math.max(MIN_LINES, Math.min(MAX_LINES, fit));
    }

    /**
     * The outer divider's position that gives the bottom at least {@code bottomHeight} of {@code panesHeight}: a
     * split pane centres its divider, {@code dividerWidth} thick, on the position, so half of it comes off the bottom
     * (and a pixel of rounding more would cost the log a line). Never leaves the centre less than half.
     */
    static double dividerFor(double panesHeight, double bottomHeight, double dividerWidth) {
        if (panesHeight <= 0) {
            return 0.64;
        }
        return Math.max(0.5, Math.min(0.95, 1 - (bottomHeight + dividerWidth) / panesHeight));
    }

    /** The bottom's height that {@link #dividerFor} places the divider at {@code position} for. */
    static double heightFor(double panesHeight, double position, double dividerWidth) {
        return Math.max(0, (1 - position) * panesHeight - dividerWidth);
    }
}
